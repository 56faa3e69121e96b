/**
 * Time-zone maths for stage deadlines, with `Intl` only.
 *
 * Instants travel as ISO-8601 UTC strings ("2019-05-31T21:59:00.000Z");
 * coordinators type wall-clock times in their city's zone, which
 * `zonedLocalToUtc` turns into instants once, when the schedule is saved.
 */

export type CallWindow = {
  /** First instant at which a proposal may be submitted (ISO UTC). */
  opensAt: string;
  /** Published deadline (ISO UTC). */
  closesAt: string;
  /** Unpublished tolerance after `closesAt`, in whole minutes. */
  graceMinutes: number;
};

/**
 * What to do with a wall-clock time that a DST change makes ambiguous
 * (clocks go back: it happens twice) or nonexistent (clocks go forward).
 * Same meaning as Temporal's `disambiguation` option.
 */
export type Disambiguation = "compatible" | "earlier" | "later" | "reject";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * Milliseconds since the epoch, or NaN. Strings without an explicit zone are
 * refused: `Date.parse` would read them in the server's own zone, which is
 * exactly the bug deadlines must never have.
 */
export function parseInstant(iso: string): number {
  if (typeof iso !== "string" || !/(Z|[+-]\d{2}:?\d{2})$/i.test(iso)) return Number.NaN;
  return Date.parse(iso);
}

export function isInstant(iso: unknown): iso is string {
  return typeof iso === "string" && Number.isFinite(parseInstant(iso));
}

export function isValidWindow(window: CallWindow): boolean {
  const opens = parseInstant(window.opensAt);
  const closes = parseInstant(window.closesAt);
  return (
    Number.isFinite(opens) &&
    Number.isFinite(closes) &&
    opens < closes &&
    Number.isInteger(window.graceMinutes) &&
    window.graceMinutes >= 0
  );
}

/** The last instant at which a submission is still on time (ISO UTC). */
export function graceEnd(window: CallWindow): string {
  return new Date(parseInstant(window.closesAt) + window.graceMinutes * MINUTE_MS).toISOString();
}

/** Both ends inclusive: a proposal stamped exactly at `graceEnd` is on time. */
export function isWithinWindow(at: string, window: CallWindow): boolean {
  const instant = parseInstant(at);
  if (!Number.isFinite(instant) || !isValidWindow(window)) return false;
  return parseInstant(window.opensAt) <= instant && instant <= parseInstant(graceEnd(window));
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

function offsetFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    offsetFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** UTC offset of `timeZone` at `epochMs`, in ms (Paris in summer: +7_200_000). */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const parts: Record<string, string> = {};
  for (const part of offsetFormatter(timeZone).formatToParts(new Date(epochMs))) {
    parts[part.type] = part.value;
  }
  const wallClockAsUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  // Intl drops milliseconds; compare at whole-second precision.
  return wallClockAsUtc - Math.floor(epochMs / 1000) * 1000;
}

/**
 * The wall-clock time `iso` shows in `timeZone`, as "YYYY-MM-DDTHH:mm" (the
 * value of an `<input type="datetime-local">`), seconds dropped.
 */
export function utcToZonedLocal(iso: string, timeZone: string): string {
  const instant = parseInstant(iso);
  if (!Number.isFinite(instant)) throw new RangeError(`Not an ISO instant: ${iso}`);
  const local = new Date(instant + zoneOffsetMs(instant, timeZone)).toISOString();
  return local.slice(0, 16);
}

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;

/**
 * The instant at which clocks in `timeZone` show `local`
 * ("YYYY-MM-DDTHH:mm", optional seconds and milliseconds, no zone).
 *
 * Default "compatible", as Temporal and as a person would expect of a
 * deadline: an ambiguous time (the repeated hour in autumn) means its first
 * occurrence; a nonexistent time (the skipped hour in spring) is moved
 * forward by the length of the gap (02:30 on 2019-03-31 in Paris → 03:30
 * CEST). Throws on malformed input, unknown zones, or with "reject" when the
 * time is ambiguous or nonexistent.
 */
export function zonedLocalToUtc(
  local: string,
  timeZone: string,
  disambiguation: Disambiguation = "compatible",
): string {
  const match = LOCAL_PATTERN.exec(local);
  if (!match) throw new RangeError(`Not a local date-time: ${local}`);
  const [, y, mo, d, h, mi, s, ms] = match;
  const fields = [y, mo, d, h, mi, s ?? "0"].map(Number) as [number, number, number, number, number, number];
  const millis = Number((ms ?? "0").padEnd(3, "0"));
  const naive = Date.UTC(fields[0], fields[1] - 1, fields[2], fields[3], fields[4], fields[5], millis);
  const check = new Date(naive);
  if (
    check.getUTCFullYear() !== fields[0] ||
    check.getUTCMonth() !== fields[1] - 1 ||
    check.getUTCDate() !== fields[2] ||
    fields[3] > 23 ||
    fields[4] > 59 ||
    fields[5] > 59
  ) {
    throw new RangeError(`Not a calendar date-time: ${local}`);
  }

  // Offsets never change more than once within a day either side, so the
  // offsets in force a day before and after are the only candidates.
  const before = zoneOffsetMs(naive - DAY_MS, timeZone);
  const after = zoneOffsetMs(naive + DAY_MS, timeZone);
  const candidates = [...new Set([before, after])]
    .map((offset) => naive - offset)
    .filter((instant) => zoneOffsetMs(instant, timeZone) === naive - instant)
    .sort((a, b) => a - b);

  let instant: number;
  if (candidates.length === 1) {
    instant = candidates[0] as number;
  } else if (candidates.length > 1) {
    if (disambiguation === "reject") throw new RangeError(`${local} is ambiguous in ${timeZone}`);
    instant = (disambiguation === "later" ? candidates[candidates.length - 1] : candidates[0]) as number;
  } else {
    if (disambiguation === "reject") throw new RangeError(`${local} does not exist in ${timeZone}`);
    // In a gap the earlier offset is the one before the change (`before`):
    // reading the time with it lands after the gap, i.e. shifted forward.
    instant = disambiguation === "earlier" ? naive - after : naive - before;
  }
  return new Date(instant).toISOString();
}

const DEADLINE_FORMAT: Intl.DateTimeFormatOptions = {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZoneName: "short",
};

/**
 * `iso` as people in `timeZone` read it, in `locale`, with the zone named so
 * that a deadline shown in both cities' times cannot be misread.
 */
export function formatInZone(
  iso: string,
  timeZone: string,
  locale: string,
  options: Intl.DateTimeFormatOptions = DEADLINE_FORMAT,
): string {
  const instant = parseInstant(iso);
  if (!Number.isFinite(instant)) throw new RangeError(`Not an ISO instant: ${iso}`);
  return new Intl.DateTimeFormat(locale, { ...options, timeZone }).format(instant);
}
