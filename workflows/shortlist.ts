/**
 * The counting rules of cross-selection (SPEC §1 "Counts are rules, not
 * hints"), shared by the program machine's guards and the server's services
 * so that a form and the statechart can never disagree.
 */

export const SHORTLIST_SIZE = 5;
export const FINALIST_COUNT = 2;

export type ShortlistError = "invalid-eligible-count" | "wrong-count" | "duplicate" | "empty-id";
export type PickError = "wrong-count" | "duplicate" | "empty-id" | "not-on-partner-shortlist";
export type PromotionError =
  | "replacing-not-a-pick"
  | "reserve-not-on-partner-shortlist"
  | "reserve-already-picked"
  | "reserve-excluded";

/** Exactly 5, or every eligible team when fewer applied. */
export function requiredShortlistSize(eligibleCount: number): number {
  return Math.min(SHORTLIST_SIZE, eligibleCount);
}

/** Exactly 2, or the whole partner shortlist when it is shorter. */
export function requiredPickCount(partnerShortlistSize: number): number {
  return Math.min(FINALIST_COUNT, partnerShortlistSize);
}

function duplicatesIn(ids: readonly string[]): boolean {
  return new Set(ids).size !== ids.length;
}

function hasEmptyId(ids: readonly string[]): boolean {
  return ids.some((id) => typeof id !== "string" || id.length === 0);
}

/** Empty list means valid. Whether the ids are this city's eligible teams is the server's check. */
export function validateShortlist(ids: readonly string[], eligibleCount: number): ShortlistError[] {
  const errors: ShortlistError[] = [];
  if (!Number.isInteger(eligibleCount) || eligibleCount < 0) return ["invalid-eligible-count"];
  if (!Array.isArray(ids)) return ["wrong-count"];
  if (ids.length !== requiredShortlistSize(eligibleCount)) errors.push("wrong-count");
  if (duplicatesIn(ids)) errors.push("duplicate");
  if (hasEmptyId(ids)) errors.push("empty-id");
  return errors;
}

export function validatePicks(ids: readonly string[], partnerShortlist: readonly string[]): PickError[] {
  const errors: PickError[] = [];
  if (!Array.isArray(ids)) return ["wrong-count"];
  if (ids.length !== requiredPickCount(partnerShortlist.length)) errors.push("wrong-count");
  if (duplicatesIn(ids)) errors.push("duplicate");
  if (hasEmptyId(ids)) errors.push("empty-id");
  if (ids.some((id) => !partnerShortlist.includes(id))) errors.push("not-on-partner-shortlist");
  return errors;
}

/** Shortlisted teams not picked and not excluded (declined, replaced…), best rank first. */
export function reservesOf(
  shortlist: readonly string[],
  picks: readonly string[],
  excluded: readonly string[] = [],
): string[] {
  return shortlist.filter((id) => !picks.includes(id) && !excluded.includes(id));
}

/** The default replacement after a decline: the best-ranked remaining reserve. */
export function nextReserve(
  shortlist: readonly string[],
  picks: readonly string[],
  excluded: readonly string[] = [],
): string | null {
  return reservesOf(shortlist, picks, excluded)[0] ?? null;
}

/**
 * `partnerShortlist` is the sending city's shortlist, `picks` the host's
 * current finalists, `excluded` every team already replaced (a team that
 * declined does not come back as a reserve).
 */
export function validatePromotion(
  promotion: { replacingId: string; reserveId: string },
  partnerShortlist: readonly string[],
  picks: readonly string[],
  excluded: readonly string[],
): PromotionError[] {
  const errors: PromotionError[] = [];
  if (!picks.includes(promotion.replacingId)) errors.push("replacing-not-a-pick");
  if (!partnerShortlist.includes(promotion.reserveId)) errors.push("reserve-not-on-partner-shortlist");
  if (picks.includes(promotion.reserveId)) errors.push("reserve-already-picked");
  if (excluded.includes(promotion.reserveId)) errors.push("reserve-excluded");
  return errors;
}
