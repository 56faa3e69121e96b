import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Route } from "./+types/queue";
import { getLocale } from "../../lib/i18n.server.ts";
import { localized } from "../../lib/locales.ts";
import { requirePanel } from "../../lib/panel.server.ts";
import { getRuntime } from "../../lib/runtime.server.ts";
import { hasFinishedReviews } from "../../services/panels.server.ts";

export async function loader({ context, url, params }: Route.LoaderArgs) {
  const { user, panel } = await requirePanel(context, url, params.slug);
  const { db } = getRuntime();
  const locale = getLocale(context);
  const stage = panel.stage;
  const rows = stage
    ? await db
        .selectFrom("review_assignments")
        .innerJoin("proposals", "proposals.id", "review_assignments.proposal_id")
        .innerJoin("teams", "teams.id", "proposals.team_id")
        .leftJoin("reviews", (join) => join.onRef("reviews.proposal_id", "=", "review_assignments.proposal_id").onRef("reviews.reviewer_id", "=", "review_assignments.reviewer_id").onRef("reviews.stage", "=", "review_assignments.stage"))
        .leftJoin("conflict_declarations", (join) => join.onRef("conflict_declarations.proposal_id", "=", "review_assignments.proposal_id").onRef("conflict_declarations.reviewer_id", "=", "review_assignments.reviewer_id"))
        .select(["proposals.id", "proposals.title", "teams.name as team", "reviews.status as review_status", "conflict_declarations.conflicted"])
        .where("review_assignments.reviewer_id", "=", user.id)
        .where("review_assignments.stage", "=", stage)
        .where("review_assignments.program_id", "=", panel.program.id)
        .orderBy("proposals.submitted_at")
        .execute()
    : [];
  const visible = rows.filter((r) => panel.proposalIds.includes(r.id));
  return {
    slug: panel.program.slug,
    program: localized(panel.program.titles, locale),
    city: localized((panel.program.cityA.id === panel.cityId ? panel.program.cityA : panel.program.cityB).names, locale),
    stage,
    items: visible.map((r) => ({ id: r.id, title: r.title, team: r.team, status: r.review_status === "submitted" ? "submitted" : r.review_status === "draft" ? "draft" : r.conflicted === 0 ? "declared" : "todo" })),
    done: visible.filter((r) => r.review_status === "submitted").length,
    canSeeRanking: panel.isCoordinator || (stage ? await hasFinishedReviews(db, panel, user.id, stage) : false),
    isCoordinator: panel.isCoordinator,
    isChair: panel.isChair,
  };
}

export default function Queue({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const d = loaderData;
  return (
    <div className="space-y-6" data-testid="review-queue">
      <header>
        <p className="text-sm text-slate-600">{d.program}</p>
        <h1 className="page-title">{t("review.queue.title", { city: d.city })}</h1>
        <p className="mt-1 text-slate-700">{d.stage ? t(`review.stage.${d.stage}`) : t("review.queue.closed")}</p>
      </header>
      {d.stage ? (
        <>
          <div className="card">
            <p className="font-medium" data-testid="progress">
              {t("review.queue.progress", { done: d.done, total: d.items.length })}
            </p>
            <div className="mt-2 h-2 rounded bg-slate-100" aria-hidden="true">
              <div className="h-2 rounded bg-brand-600" style={{ width: `${d.items.length ? (100 * d.done) / d.items.length : 0}%` }} />
            </div>
          </div>
          <ul className="space-y-2">
            {d.items.map((item) => (
              <li key={item.id} className="card flex flex-wrap items-center justify-between gap-2">
                <span>
                  <Link to={`/review/${d.slug}/proposals/${item.id}`} className="link font-semibold">
                    {item.title}
                  </Link>
                  <span className="block text-sm text-slate-600">{item.team}</span>
                </span>
                <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-semibold" data-testid="review-status">
                  {t(`review.queue.status.${item.status}`)}
                </span>
              </li>
            ))}
          </ul>
          {d.isChair ? (
            <Link to={`/coordinate/${d.slug}/${d.stage === "pick" ? "picks" : "shortlist"}`} className="btn-primary" data-testid="chair-decision">
              {t(d.stage === "pick" ? "decision.pick.title" : "decision.shortlist.title")}
            </Link>
          ) : null}
          {d.canSeeRanking ? (
            <Link to={`/review/${d.slug}/ranking`} className="btn-secondary">
              {t("review.ranking.title")}
            </Link>
          ) : (
            <p className="text-sm text-slate-600">{t("review.queue.rankingAfter")}</p>
          )}
        </>
      ) : null}
    </div>
  );
}
