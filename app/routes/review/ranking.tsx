import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Route } from "./+types/ranking";
import { RankingTable } from "../../components/ranking-table.tsx";
import { forbidden } from "../../lib/auth.server.ts";
import { requirePanel } from "../../lib/panel.server.ts";
import { getRuntime } from "../../lib/runtime.server.ts";
import { hasFinishedReviews, rankingView } from "../../services/panels.server.ts";
import { tableLines } from "../../services/ranking.ts";

const SORTS = ["normalised", "mean", "spread", "reviews"] as const;

export async function loader({ context, url, params }: Route.LoaderArgs) {
  const { user, panel } = await requirePanel(context, url, params.slug);
  const { db } = getRuntime();
  if (!panel.stage) return { slug: panel.program.slug, stage: null, rows: [], sort: "normalised", isCoordinator: panel.isCoordinator };
  // The panel's ranking is shown to a reviewer once their own reviews are in.
  if (!panel.isCoordinator && !(await hasFinishedReviews(db, panel, user.id, panel.stage))) forbidden();
  const sort = SORTS.find((s) => s === url.searchParams.get("sort")) ?? "normalised";
  return { slug: panel.program.slug, stage: panel.stage, rows: tableLines(await rankingView(db, panel, panel.stage, panel.proposalIds, sort)), sort, isCoordinator: panel.isCoordinator };
}

export default function Ranking({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const d = loaderData;
  return (
    <div className="space-y-4">
      <h1 className="page-title">{t("review.ranking.title")}</h1>
      <p className="text-sm text-slate-700">{t("review.ranking.explain")}</p>
      {d.stage ? <RankingTable rows={d.rows} sort={d.sort} baseHref={`/review/${d.slug}/ranking`} /> : <p>{t("review.queue.closed")}</p>}
      {d.isCoordinator && d.stage ? (
        <a className="link" href={`/coordinate/${d.slug}/reviews.csv`}>
          {t("review.ranking.csv")}
        </a>
      ) : null}
      <Link to={`/review/${d.slug}`} className="link block">
        {t("review.backToQueue")}
      </Link>
    </div>
  );
}
