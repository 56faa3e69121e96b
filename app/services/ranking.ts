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
  // One pass each for the reviewers' sums and the proposals' groups: a panel has thousands of reviews,
  // and filtering them again for every proposal is quadratic.
  const byReviewer = new Map<string, { n: number; sum: number; sumSq: number; mean: number; sd: number }>();
  const byProposal = new Map<string, ScoredReview[]>();
  for (const r of reviews) {
    const s = byReviewer.get(r.reviewerId);
    if (s) {
      s.n++;
      s.sum += r.weighted;
    } else byReviewer.set(r.reviewerId, { n: 1, sum: r.weighted, sumSq: 0, mean: 0, sd: 0 });
    const own = byProposal.get(r.proposalId);
    if (own) own.push(r);
    else byProposal.set(r.proposalId, [r]);
  }
  for (const s of byReviewer.values()) s.mean = s.sum / s.n;
  // Deviations from the mean rather than sum-of-squares minus square-of-sum: the same value to the last bit
  // for a reviewer who gives everyone the same score, so their sd stays exactly 0.
  for (const r of reviews) {
    const s = byReviewer.get(r.reviewerId)!;
    s.sumSq += (r.weighted - s.mean) ** 2;
  }
  for (const s of byReviewer.values()) s.sd = Math.sqrt(s.sumSq / s.n);
  return proposalIds.map((proposalId) => {
    const own = byProposal.get(proposalId);
    if (!own) return { proposalId, reviews: 0, mean: null, normalised: null, spread: null };
    let sum = 0;
    let z = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const r of own) {
      const s = byReviewer.get(r.reviewerId)!;
      sum += r.weighted;
      z += s.sd === 0 ? 0 : (r.weighted - s.mean) / s.sd;
      if (r.weighted < min) min = r.weighted;
      if (r.weighted > max) max = r.weighted;
    }
    return { proposalId, reviews: own.length, mean: sum / own.length, normalised: z / own.length, spread: max - min };
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

/** Scores as the table prints them; toFixed's own rounding, so the page reads the same. */
const shown = (v: number | null) => (v === null ? null : Number(v.toFixed(2)) || 0);

/**
 * A line as the ranking table receives it, scores cut to the two decimals shown.
 * A panel's 2,000 lines travel twice, as HTML and as the data React hydrates
 * from; as tuples with short scores they carry no key names and equal scores
 * are sent once: the data is half as heavy as the rows it comes from.
 */
export type TableLine = [id: string, title: string, team: string, reviews: number, normalised: number | null, mean: number | null, spread: number | null];

export function tableLines(rows: RankingRow[]): TableLine[] {
  return rows.map((r) => [r.id, r.title, r.team, r.reviews, shown(r.normalised), shown(r.mean), shown(r.spread)]);
}
