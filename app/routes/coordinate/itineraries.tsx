import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Route } from "./+types/itineraries";
import { StateBadge } from "../../components/state-badge.tsx";
import { requireEditionCoordinator } from "../../lib/itinerary.server.ts";
import { partnerCityId } from "../../../db/repositories/programs.ts";
import { getRuntime } from "../../lib/runtime.server.ts";
import { hostedTeams } from "../../services/itineraries.server.ts";

/** The visiting teams this city hosts (editable), and its own teams abroad (read only). */
export async function loader({ context, url, params }: Route.LoaderArgs) {
  const { program, cityId } = await requireEditionCoordinator(context, url, params.slug);
  const { db } = getRuntime();
  return {
    slug: program.slug,
    cityQuery: url.searchParams.get("city") ? `?city=${encodeURIComponent(url.searchParams.get("city")!)}` : "",
    hosted: await hostedTeams(db, program.id, cityId),
    abroad: await hostedTeams(db, program.id, partnerCityId(program, cityId)),
  };
}

export default function Itineraries({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const d = loaderData;
  const list = (teams: typeof d.hosted, testId: string) => (
    <ul className="mt-2 divide-y divide-slate-100" data-testid={testId}>
      {teams.map((team) => (
        <li key={team.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
          <span>
            <strong>{team.team}</strong> <span className="text-sm text-slate-600">· {team.title}</span>
            <span className="block text-xs text-slate-600">{t("itinerary.items", { count: team.items })}</span>
          </span>
          <span className="flex items-center gap-3">
            <StateBadge state={team.state} />
            <Link className="link" to={`/coordinate/${d.slug}/itineraries/${team.id}`}>
              {t("itinerary.open")}
            </Link>
          </span>
        </li>
      ))}
    </ul>
  );
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("itinerary.listTitle")}</h1>
      <p className="text-slate-700">{t("itinerary.listIntro")}</p>
      <section className="card">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 className="text-lg font-semibold">{t("itinerary.hostedTitle")}</h2>
          <div className="flex gap-3 text-sm">
            <a className="link" href={`/coordinate/${d.slug}/itineraries.ics${d.cityQuery}`}>
              {t("itinerary.exportAll")}
            </a>
            <Link className="link" to={`/coordinate/${d.slug}/matchmaking${d.cityQuery}`}>
              {t("matchmaking.title")}
            </Link>
          </div>
        </div>
        {d.hosted.length === 0 ? <p className="text-sm">{t("itinerary.noTeams")}</p> : list(d.hosted, "hosted-teams")}
      </section>
      <section className="card">
        <h2 className="text-lg font-semibold">{t("itinerary.sentTitle")}</h2>
        {d.abroad.length === 0 ? <p className="text-sm">{t("itinerary.noTeams")}</p> : list(d.abroad, "teams-abroad")}
      </section>
    </div>
  );
}
