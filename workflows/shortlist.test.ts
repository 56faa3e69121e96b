import { describe, expect, it } from "vitest";
import {
  nextReserve,
  requiredPickCount,
  requiredShortlistSize,
  reservesOf,
  validatePicks,
  validatePromotion,
  validateShortlist,
} from "./shortlist.ts";

describe("counts", () => {
  it("asks for 5, or every eligible team when fewer applied", () => {
    expect([0, 1, 4, 5, 6, 40].map(requiredShortlistSize)).toEqual([0, 1, 4, 5, 5, 5]);
  });

  it("asks for 2 finalists, or the whole partner list when shorter", () => {
    expect([0, 1, 2, 5].map(requiredPickCount)).toEqual([0, 1, 2, 2]);
  });
});

describe("validateShortlist", () => {
  it("accepts exactly the required number of distinct ids", () => {
    expect(validateShortlist(["a", "b", "c", "d", "e"], 12)).toEqual([]);
    expect(validateShortlist(["a", "b"], 2)).toEqual([]);
    expect(validateShortlist([], 0)).toEqual([]);
  });

  it("names every problem", () => {
    expect(validateShortlist(["a", "b", "c", "d"], 12)).toEqual(["wrong-count"]);
    expect(validateShortlist(["a", "b", "c", "d", "d"], 12)).toEqual(["duplicate"]);
    expect(validateShortlist(["a", "a", ""], 12)).toEqual(["wrong-count", "duplicate", "empty-id"]);
    expect(validateShortlist(["a"], -1)).toEqual(["invalid-eligible-count"]);
    expect(validateShortlist(["a"], 1.5)).toEqual(["invalid-eligible-count"]);
  });
});

describe("validatePicks", () => {
  const partner = ["p1", "p2", "p3", "p4", "p5"];

  it("accepts two distinct teams of the partner's shortlist", () => {
    expect(validatePicks(["p4", "p1"], partner)).toEqual([]);
    expect(validatePicks(["p1"], ["p1"])).toEqual([]);
  });

  it("names every problem", () => {
    expect(validatePicks(["p1"], partner)).toEqual(["wrong-count"]);
    expect(validatePicks(["p1", "p1"], partner)).toEqual(["duplicate"]);
    expect(validatePicks(["p1", "own"], partner)).toEqual(["not-on-partner-shortlist"]);
    expect(validatePicks(["p1", "p2", "x"], partner)).toEqual(["wrong-count", "not-on-partner-shortlist"]);
  });
});

describe("reserves", () => {
  const shortlist = ["r1", "r2", "r3", "r4", "r5"];

  it("keeps rank order and skips picks and excluded teams", () => {
    expect(reservesOf(shortlist, ["r2", "r4"])).toEqual(["r1", "r3", "r5"]);
    expect(nextReserve(shortlist, ["r1", "r2"], [])).toBe("r3");
    expect(nextReserve(shortlist, ["r1", "r3"], ["r2"])).toBe("r4");
    expect(nextReserve(["r1", "r2"], ["r1", "r2"], [])).toBeNull();
  });

  it("validates a promotion", () => {
    const picks = ["r1", "r2"];
    expect(validatePromotion({ replacingId: "r1", reserveId: "r3" }, shortlist, picks, [])).toEqual([]);
    expect(validatePromotion({ replacingId: "r3", reserveId: "r4" }, shortlist, picks, [])).toEqual([
      "replacing-not-a-pick",
    ]);
    expect(validatePromotion({ replacingId: "r1", reserveId: "r2" }, shortlist, picks, [])).toEqual([
      "reserve-already-picked",
    ]);
    expect(validatePromotion({ replacingId: "r1", reserveId: "zz" }, shortlist, picks, [])).toEqual([
      "reserve-not-on-partner-shortlist",
    ]);
    expect(validatePromotion({ replacingId: "r1", reserveId: "r3" }, shortlist, picks, ["r3"])).toEqual([
      "reserve-excluded",
    ]);
  });
});
