import { describe, expect, it } from "vitest";
import { isTimeZone, itineraryTimes, overlaps } from "./itinerary.ts";

describe("flight times across time zones", () => {
  it("departs Taipei 23:40 local, lands in Paris 07:05 local the next day (winter)", () => {
    const r = itineraryTimes({ startLocal: "2031-01-15T23:40", startZone: "Asia/Taipei", endLocal: "2031-01-16T07:05", endZone: "Europe/Paris" });
    expect(r).toEqual({ ok: true, times: { startsAt: "2031-01-15T15:40:00.000Z", endsAt: "2031-01-16T06:05:00.000Z" } });
  });

  it("uses summer time in Paris when it applies", () => {
    const r = itineraryTimes({ startLocal: "2019-09-29T23:40", startZone: "Asia/Taipei", endLocal: "2019-09-30T07:05", endZone: "Europe/Paris" });
    expect(r).toEqual({ ok: true, times: { startsAt: "2019-09-29T15:40:00.000Z", endsAt: "2019-09-30T05:05:00.000Z" } });
  });

  it("allows a landing that is earlier by the clock but later in UTC (westbound)", () => {
    // Paris 11:20 → Taipei 06:40 next day is fine; Taipei 08:00 → Paris 07:00 same day is a 12-hour flight.
    const r = itineraryTimes({ startLocal: "2031-01-15T08:00", startZone: "Asia/Taipei", endLocal: "2031-01-15T07:00", endZone: "Europe/Paris" });
    expect(r.ok && r.times).toEqual({ startsAt: "2031-01-15T00:00:00.000Z", endsAt: "2031-01-15T06:00:00.000Z" });
  });

  it("refuses an arrival before the departure, bad zones and bad times", () => {
    expect(itineraryTimes({ startLocal: "2031-01-15T08:00", startZone: "Europe/Paris", endLocal: "2031-01-15T14:00", endZone: "Asia/Taipei" })).toEqual({ ok: false, error: "itinerary.errors.endBeforeStart" });
    expect(itineraryTimes({ startLocal: "2031-01-15T08:00", startZone: "Mars/Olympus", endLocal: "2031-01-15T09:00", endZone: "UTC" })).toEqual({ ok: false, error: "itinerary.errors.timeZone" });
    expect(itineraryTimes({ startLocal: "15/01/2031", startZone: "UTC", endLocal: "2031-01-15T09:00", endZone: "UTC" })).toEqual({ ok: false, error: "itinerary.errors.time" });
    expect(isTimeZone("")).toBe(false);
    expect(isTimeZone("Asia/Taipei")).toBe(true);
  });
});

describe("overlaps", () => {
  const slot = (s: string, e: string) => ({ startsAt: `2031-01-20T${s}:00.000Z`, endsAt: `2031-01-20T${e}:00.000Z` });
  it("is true when intervals share time, false when they only touch", () => {
    expect(overlaps(slot("10:00", "11:00"), slot("10:30", "11:30"))).toBe(true);
    expect(overlaps(slot("10:00", "11:00"), slot("09:00", "12:00"))).toBe(true);
    expect(overlaps(slot("10:00", "11:00"), slot("10:00", "11:00"))).toBe(true);
    expect(overlaps(slot("10:00", "11:00"), slot("11:00", "12:00"))).toBe(false);
    expect(overlaps(slot("10:00", "11:00"), slot("09:00", "10:00"))).toBe(false);
  });
});
