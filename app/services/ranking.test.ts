import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findUserByEmail } from "../../db/repositories/users.ts";
import { forEachDialect } from "../../db/test-support.ts";
import { seedIfEmpty } from "../../seeds/seed.ts";
import { seedRankingEdition } from "../../bench/ranking-data.ts";
import { loadPanel, panelRanking, rankingView, type Panel } from "./panels.server.ts";
import { rankProposals, tableLines, type RankedProposal, type ScoredReview } from "./ranking.ts";

/** The definition, written the obvious way: each proposal filters the reviews again. */
function reference(proposalIds: string[], reviews: ScoredReview[]): RankedProposal[] {
  const stats = new Map<string, { mean: number; sd: number }>();
  for (const id of new Set(reviews.map((r) => r.reviewerId))) {
    const values = reviews.filter((r) => r.reviewerId === id).map((r) => r.weighted);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    stats.set(id, { mean, sd: Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length) });
  }
  return proposalIds.map((proposalId) => {
    const own = reviews.filter((r) => r.proposalId === proposalId);
    if (own.length === 0) return { proposalId, reviews: 0, mean: null, normalised: null, spread: null };
    const values = own.map((r) => r.weighted);
    const z = own.map((r) => (stats.get(r.reviewerId)!.sd === 0 ? 0 : (r.weighted - stats.get(r.reviewerId)!.mean) / stats.get(r.reviewerId)!.sd));
    return { proposalId, reviews: own.length, mean: values.reduce((a, b) => a + b, 0) / values.length, normalised: z.reduce((a, b) => a + b, 0) / z.length, spread: Math.max(...values) - Math.min(...values) };
  });
}

describe("rankProposals", () => {
  it("gives exactly what the definition gives, to the last bit", () => {
    const review = fc.record({ proposalId: fc.constantFrom("a", "b", "c", "d", "e"), reviewerId: fc.constantFrom("r1", "r2", "r3", "r4"), weighted: fc.double({ min: 1, max: 5, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(review, { maxLength: 40 }), fc.subarray(["a", "b", "c", "d", "e", "none"]), (reviews, ids) => {
        expect(rankProposals(ids, reviews)).toEqual(reference(ids, reviews));
      }),
    );
  });
});

describe("tableLines", () => {
  it("prints as the scores did, sends only what the table shows", () => {
    const lines = tableLines([{ id: "p", title: "T", team: "Team", reviews: 3, mean: 3.14159, normalised: -0.001, spread: null, state: "inReview" }]);
    expect(lines).toEqual([["p", "T", "Team", 3, 0, 3.14, null]]);
    fc.assert(fc.property(fc.double({ min: -10, max: 10, noNaN: true }), (v) => {
      const shown = tableLines([{ id: "p", title: "", team: "", reviews: 1, mean: v, normalised: null, spread: null }])[0]![5]!;
      expect(shown.toFixed(2)).toBe(v.toFixed(2) === "-0.00" ? "0.00" : v.toFixed(2));
    }));
  });
});

// The benchmark's edition, smaller: its rows must be what the app expects, and a long
// proposal list (read through the panel's index) must rank as a short one (looked up by id).
forEachDialect((ctx) => {
  const now = new Date("2031-03-15T08:00:00.000Z");
  let panel: Panel;

  it("seeds an edition in review with every proposal scored by 3 reviewers", async () => {
    await seedIfEmpty(ctx.db, now);
    const seeded = await seedRankingEdition(ctx.db, now, { proposals: 150, reviewers: 6 });
    expect(seeded.path).toBe("/review/bench-ranking/ranking");
    const found = await loadPanel(ctx.db, (await findUserByEmail(ctx.db, seeded.email))!, seeded.slug);
    if (!found || found === "forbidden") throw new Error("no panel");
    panel = found;
    expect(panel.stage).toBe("shortlist");
    expect(panel.isCoordinator).toBe(true);
    expect(panel.proposalIds).toHaveLength(150);
    const states = await ctx.db.selectFrom("workflow_instances").select("state_value").where("machine_id", "=", "application").where("subject_id", "in", panel.proposalIds).execute();
    expect(states.map((s) => s.state_value)).toEqual(Array(150).fill("inReview"));
    const reviews = await ctx.db.selectFrom("reviews").select(["proposal_id", "reviewer_id", "scores", "weighted", "status"]).where("program_id", "=", panel.program.id).where("panel_city_id", "=", panel.cityId).execute();
    expect(reviews).toHaveLength(450);
    expect(new Set(reviews.map((r) => r.reviewer_id)).size).toBe(6);
    expect(reviews.every((r) => r.status === "submitted" && Object.keys(JSON.parse(r.scores)).length === 4 && r.weighted! >= 1 && r.weighted! <= 5)).toBe(true);
    const assignments = await ctx.db.selectFrom("review_assignments").select("proposal_id").where("program_id", "=", panel.program.id).where("proposal_id", "in", panel.proposalIds).execute();
    const declarations = await ctx.db.selectFrom("conflict_declarations").select("proposal_id").where("proposal_id", "in", panel.proposalIds).where("conflicted", "=", 0).execute();
    expect(assignments).toHaveLength(450);
    expect(declarations).toHaveLength(450);
  });

  it("ranks a long list as it ranks its parts looked up by id", async () => {
    const view = await rankingView(ctx.db, panel, "shortlist", panel.proposalIds, "normalised");
    expect(view).toHaveLength(150);
    expect(view.every((r) => r.reviews === 3 && r.title !== "" && r.team !== "")).toBe(true);
    const all = await ctx.db.selectFrom("reviews").select(["proposal_id", "reviewer_id", "weighted"]).where("program_id", "=", panel.program.id).where("panel_city_id", "=", panel.cityId).execute();
    const some = panel.proposalIds.slice(0, 40);
    const only = (ids: string[]) => all.filter((r) => ids.includes(r.proposal_id)).map((r) => ({ proposalId: r.proposal_id, reviewerId: r.reviewer_id, weighted: r.weighted! }));
    // Rows may come back in another order, and sums in another order differ in the last bits.
    const same = (got: RankedProposal[], want: RankedProposal[]) => {
      expect(got.map((r) => [r.proposalId, r.reviews])).toEqual(want.map((r) => [r.proposalId, r.reviews]));
      for (const [i, r] of got.entries()) for (const k of ["mean", "normalised", "spread"] as const) expect(r[k]).toBeCloseTo(want[i]![k]!, 9);
    };
    same(await panelRanking(ctx.db, panel, "shortlist", panel.proposalIds), rankProposals(panel.proposalIds, only(panel.proposalIds)));
    same(await panelRanking(ctx.db, panel, "shortlist", some), rankProposals(some, only(some)));
  });
});
