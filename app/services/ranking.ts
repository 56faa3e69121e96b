/** One submitted review, reduced to what the ranking needs. */
export interface ScoredReview {
  proposalId: string;
  reviewerId: string;
  weighted: number;
}

export interface RankedProposal {
  proposalId: string;
  reviews: number;
  mean: number | null;
  /** mean of per-reviewer z-scores: a harsh or lenient reviewer does not decide the outcome */
  normalised: number | null;
  spread: number | null;
}

/**
 * Weighted mean, normalised mean and spread per proposal. A reviewer's
 * z-score uses their own mean and standard deviation over the reviews they
 * submitted in this stage (0 when they gave everyone the same score).
 */
export function rankProposals(proposalIds: string[], reviews: ScoredReview[]): RankedProposal[] {
  const byReviewer = new Map<string, number[]>();
  for (const r of reviews) byReviewer.set(r.reviewerId, [...(byReviewer.get(r.reviewerId) ?? []), r.weighted]);
  const stats = new Map(
    [...byReviewer].map(([id, values]) => {
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
      return [id, { mean, sd }];
    }),
  );
  return proposalIds.map((proposalId) => {
    const own = reviews.filter((r) => r.proposalId === proposalId);
    if (own.length === 0) return { proposalId, reviews: 0, mean: null, normalised: null, spread: null };
    const values = own.map((r) => r.weighted);
    const z = own.map((r) => {
      const s = stats.get(r.reviewerId)!;
      return s.sd === 0 ? 0 : (r.weighted - s.mean) / s.sd;
    });
    return {
      proposalId,
      reviews: own.length,
      mean: values.reduce((a, b) => a + b, 0) / values.length,
      normalised: z.reduce((a, b) => a + b, 0) / z.length,
      spread: Math.max(...values) - Math.min(...values),
    };
  });
}

export type RankingSort = "mean" | "normalised" | "spread" | "reviews";

/** Best first; proposals without reviews last. */
export function sortRanking(rows: RankedProposal[], by: RankingSort = "normalised"): RankedProposal[] {
  return [...rows].sort((a, b) => {
    const av = a[by];
    const bv = b[by];
    if (av === null && bv === null) return 0;
    if (av === null) return 1;
    if (bv === null) return -1;
    return by === "spread" ? av - bv : bv - av;
  });
}

/** Balanced assignment: each proposal gets up to `perProposal` reviewers, least-loaded first, never a conflicted one, never above `cap`. */
export function balancedAssignment(
  proposalIds: string[],
  reviewerIds: string[],
  options: { perProposal: number; cap: number; conflicts: Set<string>; existing: { proposalId: string; reviewerId: string }[] },
): { proposalId: string; reviewerId: string }[] {
  const load = new Map(reviewerIds.map((id) => [id, 0]));
  const assigned = new Set(options.existing.map((a) => `${a.proposalId}:${a.reviewerId}`));
  for (const a of options.existing) if (load.has(a.reviewerId)) load.set(a.reviewerId, load.get(a.reviewerId)! + 1);
  const added: { proposalId: string; reviewerId: string }[] = [];
  for (const proposalId of proposalIds) {
    let count = options.existing.filter((a) => a.proposalId === proposalId).length;
    while (count < options.perProposal) {
      const candidate = [...load.entries()]
        .filter(([id, n]) => n < options.cap && !assigned.has(`${proposalId}:${id}`) && !options.conflicts.has(`${proposalId}:${id}`))
        .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))[0];
      if (!candidate) break;
      assigned.add(`${proposalId}:${candidate[0]}`);
      load.set(candidate[0], candidate[1] + 1);
      added.push({ proposalId, reviewerId: candidate[0] });
      count++;
    }
  }
  return added;
}

/** A ranking line as pages show it. */
export interface RankingRow {
  id: string;
  title: string;
  team: string;
  reviews: number;
  mean: number | null;
  normalised: number | null;
  spread: number | null;
  state?: string;
}
