/**
 * A small iCalendar (RFC 5545) writer, and a reader good enough to check what
 * the writer produced. Lines end in CRLF and are folded at 75 octets (never
 * inside a UTF-8 sequence); text values escape backslash, semicolon, comma
 * and newlines; times are UTC ("…Z").
 */

export interface IcsEvent {
  uid: string;
  /** ISO instants */
  start: string;
  end: string;
  summary: string;
  location?: string | null;
  description?: string | null;
}

export interface IcsCalendar {
  prodId?: string;
  name?: string;
  /** ISO instant written as DTSTAMP of every event */
  stamp: string;
  events: IcsEvent[];
}

export function escapeText(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r\n|\r|\n/g, "\\n");
}

export function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === "n" || c === "N" ? "\n" : c));
}

/** "2019-10-03T07:30:00.000Z" → "20191003T073000Z" */
export function icsUtc(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new RangeError(`Not an instant: ${iso}`);
  return d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/** "20191003T073000Z" → "2019-10-03T07:30:00.000Z" */
export function parseIcsUtc(value: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) throw new RangeError(`Not a UTC date-time: ${value}`);
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)).toISOString();
}

const encoder = new TextEncoder();

/** Splits a content line into chunks of at most 75 octets; continuation lines start with one space. */
export function foldLine(line: string): string {
  if (encoder.encode(line).length <= 75) return line;
  const parts: string[] = [];
  let current = "";
  let size = 0;
  let limit = 75;
  for (const char of line) {
    const bytes = encoder.encode(char).length;
    if (size + bytes > limit) {
      parts.push(current);
      current = "";
      size = 0;
      limit = 74; // the leading space counts
    }
    current += char;
    size += bytes;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

export function buildIcs(calendar: IcsCalendar): string {
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", `PRODID:${calendar.prodId ?? "-//Passerelle//Itinerary//EN"}`, "CALSCALE:GREGORIAN", "METHOD:PUBLISH"];
  if (calendar.name) lines.push(`X-WR-CALNAME:${escapeText(calendar.name)}`);
  const stamp = icsUtc(calendar.stamp);
  for (const e of calendar.events) {
    lines.push("BEGIN:VEVENT", `UID:${e.uid}`, `DTSTAMP:${stamp}`, `DTSTART:${icsUtc(e.start)}`, `DTEND:${icsUtc(e.end)}`, `SUMMARY:${escapeText(e.summary)}`);
    if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
    if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
    lines.push("END:VEVENT");
  }
  lines.push("END:VCALENDAR");
  return lines.map(foldLine).join("\r\n") + "\r\n";
}

export interface ParsedIcsEvent {
  [property: string]: string;
}

/** Unfolds and reads the VEVENTs back: property name → unescaped value (parameters dropped). */
export function parseIcs(text: string): ParsedIcsEvent[] {
  const unfolded = text.replace(/\r\n[ \t]/g, "").split("\r\n").filter((l) => l.length > 0);
  const events: ParsedIcsEvent[] = [];
  let current: ParsedIcsEvent | null = null;
  for (const line of unfolded) {
    if (line === "BEGIN:VEVENT") current = {};
    else if (line === "END:VEVENT") {
      if (current) events.push(current);
      current = null;
    } else if (current) {
      const colon = line.indexOf(":");
      if (colon < 0) continue;
      const name = line.slice(0, colon).split(";")[0]!.toUpperCase();
      const raw = line.slice(colon + 1);
      current[name] = ["SUMMARY", "LOCATION", "DESCRIPTION"].includes(name) ? unescapeText(raw) : raw;
    }
  }
  return events;
}
