import fc from "fast-check";
import { initialTransition, transition } from "xstate";
import { describe, expect, it } from "vitest";
import { applicationMachine } from "./application.machine.ts";
import {
  type CallWindow,
  formatInZone,
  graceEnd,
  isWithinWindow,
  parseInstant,
  utcToZonedLocal,
  zonedLocalToUtc,
} from "./deadlines.ts";
import { programMachine } from "./program.machine.ts";

const PARIS = "Europe/Paris";
const TAIPEI = "Asia/Taipei";

function plusMs(iso: string, ms: number): string {
  return new Date(parseInstant(iso) + ms).toISOString();
}

describe("zonedLocalToUtc", () => {
  it.each([
    // Paris in summer time (UTC+2) and winter time (UTC+1); Taipei is UTC+8 all year.
    ["2019-05-31T23:59", PARIS, "2019-05-31T21:59:00.000Z"],
    ["2019-05-31T23:59", TAIPEI, "2019-05-31T15:59:00.000Z"],
    ["2019-01-15T09:00", PARIS, "2019-01-15T08:00:00.000Z"],
    // Either side of the spring change (2019-03-31 02:00 CET → 03:00 CEST).
    ["2019-03-30T23:59", PARIS, "2019-03-30T22:59:00.000Z"],
    ["2019-03-31T01:59", PARIS, "2019-03-31T00:59:00.000Z"],
    ["2019-03-31T03:00", PARIS, "2019-03-31T01:00:00.000Z"],
    ["2019-03-31T23:59", PARIS, "2019-03-31T21:59:00.000Z"],
    ["2019-03-31T23:59", TAIPEI, "2019-03-31T15:59:00.000Z"],
    // Either side of the autumn change (2019-10-27 03:00 CEST → 02:00 CET).
    ["2019-10-26T23:59", PARIS, "2019-10-26T21:59:00.000Z"],
    ["2019-10-27T01:59", PARIS, "2019-10-26T23:59:00.000Z"],
    ["2019-10-27T03:00", PARIS, "2019-10-27T02:00:00.000Z"],
    ["2019-10-27T23:59", PARIS, "2019-10-27T22:59:00.000Z"],
    ["2019-10-27T23:59", TAIPEI, "2019-10-27T15:59:00.000Z"],
    ["2019-05-31T23:59:59.999", PARIS, "2019-05-31T21:59:59.999Z"],
  ])("%s in %s is %s", (local, zone, utc) => {
    expect(zonedLocalToUtc(local, zone)).toBe(utc);
  });

  it("moves a nonexistent spring time forward by the gap (compatible, as Temporal)", () => {
    expect(zonedLocalToUtc("2019-03-31T02:30", PARIS)).toBe("2019-03-31T01:30:00.000Z"); // 03:30 CEST
    expect(zonedLocalToUtc("2019-03-31T02:30", PARIS, "later")).toBe("2019-03-31T01:30:00.000Z");
    expect(zonedLocalToUtc("2019-03-31T02:30", PARIS, "earlier")).toBe("2019-03-31T00:30:00.000Z"); // 01:30 CET
    expect(() => zonedLocalToUtc("2019-03-31T02:30", PARIS, "reject")).toThrow(/does not exist/);
  });

  it("reads an ambiguous autumn time as its first occurrence unless told otherwise", () => {
    expect(zonedLocalToUtc("2019-10-27T02:30", PARIS)).toBe("2019-10-27T00:30:00.000Z"); // 02:30 CEST
    expect(zonedLocalToUtc("2019-10-27T02:30", PARIS, "earlier")).toBe("2019-10-27T00:30:00.000Z");
    expect(zonedLocalToUtc("2019-10-27T02:30", PARIS, "later")).toBe("2019-10-27T01:30:00.000Z"); // 02:30 CET
    expect(() => zonedLocalToUtc("2019-10-27T02:30", PARIS, "reject")).toThrow(/ambiguous/);
  });

  it("refuses malformed times, impossible dates and unknown zones", () => {
    expect(() => zonedLocalToUtc("2019-05-31 23:59", PARIS)).toThrow(RangeError);
    expect(() => zonedLocalToUtc("2019-05-31T23:59Z", PARIS)).toThrow(RangeError);
    expect(() => zonedLocalToUtc("2019-02-30T12:00", PARIS)).toThrow(RangeError);
    expect(() => zonedLocalToUtc("2019-05-31T24:00", PARIS)).toThrow(RangeError);
    expect(() => zonedLocalToUtc("2019-05-31T12:00", "Mars/Olympus_Mons")).toThrow(RangeError);
  });

  it("round-trips every minute of 2018–2020 in both cities' zones", () => {
    const minute = 60_000;
    const from = Date.UTC(2018, 0, 1) / minute;
    const to = Date.UTC(2021, 0, 1) / minute;
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), fc.constantFrom(PARIS, TAIPEI), (minutes, zone) => {
        const iso = new Date(minutes * minute).toISOString();
        const local = utcToZonedLocal(iso, zone);
        const earlier = zonedLocalToUtc(local, zone, "earlier");
        const later = zonedLocalToUtc(local, zone, "later");
        expect([earlier, later]).toContain(iso);
        expect(utcToZonedLocal(earlier, zone)).toBe(local);
        expect(utcToZonedLocal(later, zone)).toBe(local);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("call windows", () => {
  const window: CallWindow = {
    opensAt: zonedLocalToUtc("2019-04-01T00:00", PARIS),
    closesAt: zonedLocalToUtc("2019-05-31T23:59", PARIS),
    graceMinutes: 15,
  };

  it("ends its grace exactly graceMinutes after the deadline", () => {
    expect(graceEnd(window)).toBe("2019-05-31T22:14:00.000Z");
    expect(graceEnd({ ...window, graceMinutes: 0 })).toBe(window.closesAt);
  });

  it("is inclusive at both ends, to the millisecond", () => {
    expect(isWithinWindow(window.opensAt, window)).toBe(true);
    expect(isWithinWindow(plusMs(window.opensAt, -1), window)).toBe(false);
    expect(isWithinWindow(graceEnd(window), window)).toBe(true);
    expect(isWithinWindow(plusMs(graceEnd(window), 1), window)).toBe(false);
  });

  it("never trusts a time without a zone, nor a broken window", () => {
    expect(parseInstant("2019-05-31T22:00:00")).toBeNaN();
    expect(isWithinWindow("2019-05-01T12:00:00", window)).toBe(false);
    expect(isWithinWindow("2019-05-01T12:00:00+02:00", window)).toBe(true);
    expect(isWithinWindow("2019-05-01T12:00:00Z", { ...window, graceMinutes: -1 })).toBe(false);
    expect(isWithinWindow("2019-05-01T12:00:00Z", { ...window, closesAt: window.opensAt })).toBe(false);
  });
});

describe("formatInZone", () => {
  const deadline = "2019-05-31T21:59:00.000Z";

  it("shows the same instant in each city's time", () => {
    const paris = formatInZone(deadline, PARIS, "fr-FR");
    expect(paris).toContain("31");
    expect(paris).toContain("23:59");
    const taipei = formatInZone(deadline, TAIPEI, "en-GB");
    expect(taipei).toContain("1 Jun 2019");
    expect(taipei).toContain("05:59");
    expect(formatInZone(deadline, TAIPEI, "zh-TW")).toContain("2019");
  });

  it("accepts explicit formatting options", () => {
    expect(formatInZone(deadline, PARIS, "en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23" })).toBe(
      "23:59",
    );
  });
});

/**
 * The call of each city closes at `closesAt + grace` on the server's clock.
 * The application machine accepts a submission up to and including that
 * instant; the program machine's CALL_CLOSES is refused a millisecond before.
 */
describe("a call closes on the exact instant", () => {
  const cases: Array<[string, string, string]> = [
    [TAIPEI, "2019-05-31T23:59", "2019-05-31T15:59:00.000Z"],
    [PARIS, "2019-05-31T23:59", "2019-05-31T21:59:00.000Z"],
    [PARIS, "2019-03-31T23:59", "2019-03-31T21:59:00.000Z"], // first day of summer time
    [PARIS, "2019-03-31T03:00", "2019-03-31T01:00:00.000Z"], // first instant after the gap
    [PARIS, "2019-10-27T23:59", "2019-10-27T22:59:00.000Z"], // first day of winter time
    [PARIS, "2019-10-27T01:59", "2019-10-26T23:59:00.000Z"], // just before the repeated hour
  ];

  it.each(cases)("%s %s", (zone, local, expectedClose) => {
    const closesAt = zonedLocalToUtc(local, zone);
    expect(closesAt).toBe(expectedClose);
    const window: CallWindow = { opensAt: "2019-03-01T00:00:00.000Z", closesAt, graceMinutes: 0 };

    const [draft] = initialTransition(applicationMachine, { city: "X" });
    const onTime = transition(applicationMachine, draft, { type: "SUBMIT", at: closesAt, callWindow: window })[0];
    expect(onTime.value).toBe("submitted");
    const late = transition(applicationMachine, draft, { type: "SUBMIT", at: plusMs(closesAt, 1), callWindow: window })[0];
    expect(late.value).toBe("draft");

    const [program] = initialTransition(programMachine, { cities: ["A", "B"], callWindows: { A: window, B: window } });
    const callOpen = programMachine.resolveState({
      value: { selection: { cityA: "callOpen", cityB: "callOpen" } },
      context: program.context,
    });
    const early = transition(programMachine, callOpen, { type: "CALL_CLOSES", city: "A", at: plusMs(closesAt, -1) })[0];
    expect(early.matches({ selection: { cityA: "callOpen" } })).toBe(true);
    const due = transition(programMachine, callOpen, { type: "CALL_CLOSES", city: "A", at: closesAt })[0];
    expect(due.matches({ selection: { cityA: "reviewing" } })).toBe(true);
  });

  it("reads an ambiguous deadline as the first 02:30, so the second 02:15 is already late", () => {
    const closesAt = zonedLocalToUtc("2019-10-27T02:30", PARIS);
    const window: CallWindow = { opensAt: "2019-10-01T00:00:00.000Z", closesAt, graceMinutes: 0 };
    const secondQuarterPastTwo = zonedLocalToUtc("2019-10-27T02:15", PARIS, "later");
    expect(secondQuarterPastTwo).toBe("2019-10-27T01:15:00.000Z");
    expect(isWithinWindow(secondQuarterPastTwo, window)).toBe(false);
    expect(isWithinWindow(zonedLocalToUtc("2019-10-27T02:15", PARIS), window)).toBe(true);
  });
});
