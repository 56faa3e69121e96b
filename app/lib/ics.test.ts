import { describe, expect, it } from "vitest";
import { buildIcs, escapeText, foldLine, icsUtc, parseIcs, parseIcsUtc, unescapeText } from "./ics.ts";

const octets = (s: string) => new TextEncoder().encode(s).length;

describe("ics text escaping", () => {
  it("escapes backslash, semicolon, comma and newlines, and reads them back", () => {
    const raw = "Room 3; floor 2, \\east wing\nbring passport\r\nand badge";
    const escaped = escapeText(raw);
    expect(escaped).toBe("Room 3\\; floor 2\\, \\\\east wing\\nbring passport\\nand badge");
    expect(unescapeText(escaped)).toBe(raw.replace(/\r\n/g, "\n"));
  });
});

describe("ics line folding", () => {
  it("leaves lines of 75 octets alone and folds longer ones with CRLF + space", () => {
    const exact = `SUMMARY:${"x".repeat(67)}`;
    expect(octets(exact)).toBe(75);
    expect(foldLine(exact)).toBe(exact);
    const long = `DESCRIPTION:${"a".repeat(200)}`;
    const folded = foldLine(long);
    const parts = folded.split("\r\n");
    expect(parts.length).toBeGreaterThan(2);
    for (const [i, part] of parts.entries()) {
      expect(octets(part)).toBeLessThanOrEqual(75);
      if (i > 0) expect(part.startsWith(" ")).toBe(true);
    }
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join("")).toBe(long);
  });

  it("never splits a multi-byte character", () => {
    const line = `SUMMARY:${"臺中土魯斯".repeat(12)}`;
    const parts = foldLine(line).split("\r\n");
    for (const part of parts) {
      expect(octets(part)).toBeLessThanOrEqual(75);
      expect(part).not.toContain("\uFFFD");
      // every chunk is valid UTF-8 on its own
      expect(new TextDecoder("utf-8", { fatal: true }).decode(new TextEncoder().encode(part))).toBe(part);
    }
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join("")).toBe(line);
  });
});

describe("ics calendar", () => {
  const calendar = buildIcs({
    name: "Itinerary; AeroComposite, Lab",
    stamp: "2019-09-01T10:00:00.000Z",
    events: [
      { uid: "item-1@passerelle", start: "2019-09-29T15:40:00.000Z", end: "2019-09-30T05:05:00.000Z", summary: "BR 87 Taipei → Paris, overnight", location: "Taipei TPE → Paris CDG", description: `EVA Air BR 87\nAsia/Taipei → Europe/Paris; ${"long note ".repeat(20)}` },
      { uid: "item-2@passerelle", start: "2019-10-01T07:00:00.000Z", end: "2019-10-01T08:00:00.000Z", summary: "Meeting with Airbus", location: null, description: null },
    ],
  });

  it("uses CRLF line endings, no line longer than 75 octets, and the required properties", () => {
    expect(calendar.endsWith("\r\n")).toBe(true);
    expect(calendar.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    for (const line of calendar.split("\r\n")) expect(octets(line)).toBeLessThanOrEqual(75);
    expect(calendar.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")).toBe(true);
    expect(calendar).toContain("DTSTAMP:20190901T100000Z");
    expect(calendar).toContain("DTSTART:20190929T154000Z");
    expect(calendar).toContain("DTEND:20190930T050500Z");
    expect(calendar).toContain("X-WR-CALNAME:Itinerary\\; AeroComposite\\, Lab");
    expect(calendar.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(calendar).not.toContain("LOCATION:\r\n");
  });

  it("parses back to the same values", () => {
    const events = parseIcs(calendar);
    expect(events).toHaveLength(2);
    expect(events[0]!.UID).toBe("item-1@passerelle");
    expect(parseIcsUtc(events[0]!.DTSTART!)).toBe("2019-09-29T15:40:00.000Z");
    expect(parseIcsUtc(events[0]!.DTEND!)).toBe("2019-09-30T05:05:00.000Z");
    expect(events[0]!.SUMMARY).toBe("BR 87 Taipei → Paris, overnight");
    expect(events[0]!.LOCATION).toBe("Taipei TPE → Paris CDG");
    expect(events[0]!.DESCRIPTION).toBe(`EVA Air BR 87\nAsia/Taipei → Europe/Paris; ${"long note ".repeat(20)}`);
    expect(events[1]!.LOCATION).toBeUndefined();
  });

  it("writes UTC times with Z and refuses non-dates", () => {
    expect(icsUtc("2019-10-03T09:30:00+02:00")).toBe("20191003T073000Z");
    expect(() => icsUtc("not a date")).toThrow(RangeError);
    expect(() => parseIcsUtc("20191003T073000")).toThrow(RangeError);
  });
});
