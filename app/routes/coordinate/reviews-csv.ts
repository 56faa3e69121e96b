import type { Route } from "./+types/reviews-csv";
import { requirePanelCoordinator } from "../../lib/panel.server.ts";
import { getRuntime } from "../../lib/runtime.server.ts";

function cell(value: unknown): string {
  const text = value === null || value === undefined ? "" : String(value);
  // Quote everything; neutralise spreadsheet formulas in user text.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** Every score and comment of this city's panel (never the partner's), for the coordinator. */
export async function loader({ context, url, params }: Route.LoaderArgs) {
  const { panel } = await requirePanelCoordinator(context, url, params.slug);
  const rows = await getRuntime()
    .db.selectFrom("reviews")
    .innerJoin("proposals", "proposals.id", "reviews.proposal_id")
    .innerJoin("teams", "teams.id", "proposals.team_id")
    .innerJoin("users", "users.id", "reviews.reviewer_id")
    .select(["reviews.stage", "proposals.title", "teams.name as team", "users.email", "reviews.status", "reviews.scores", "reviews.weighted", "reviews.confidence", "reviews.comment_panel", "reviews.comment_applicant", "reviews.submitted_at"])
    .where("reviews.program_id", "=", panel.program.id)
    .where("reviews.panel_city_id", "=", panel.cityId)
    .orderBy("reviews.stage")
    .orderBy("proposals.title")
    .execute();
  const header = ["stage", "proposal", "team", "reviewer", "status", "scores", "weighted", "confidence", "comment_panel", "comment_applicant", "submitted_at"];
  const lines = [header.map(cell).join(","), ...rows.map((r) => [r.stage, r.title, r.team, r.email, r.status, r.scores, r.weighted?.toFixed(3), r.confidence, r.comment_panel, r.comment_applicant, r.submitted_at].map(cell).join(","))];
  return new Response(`\uFEFF${lines.join("\r\n")}\r\n`, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="reviews-${panel.program.slug}-${panel.cityId}.csv"`, "Cache-Control": "private, no-store" },
  });
}
