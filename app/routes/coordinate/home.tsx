import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Route } from "./+types/home";
import { requireUser } from "../../lib/auth.server.ts";
import { getLocale } from "../../lib/i18n.server.ts";
import { localized } from "../../lib/locales.ts";
import { getRuntime } from "../../lib/runtime.server.ts";
import { membershipsOf } from "../../../db/repositories/memberships.ts";

export async function loader({ context, url }: Route.LoaderArgs) {
  const user = requireUser(context, url);
  const { db } = getRuntime();
  const locale = getLocale(context);
  const coordinated = (await membershipsOf(db, user.id)).filter((m) => m.role === "coordinator");
  const cities = await db.selectFrom("cities").select(["id", "names"]).execute();
  const cityName = new Map(cities.map((c) => [c.id, localized(c.names, locale)]));
  return {
    programs: coordinated.map((m) => ({ slug: m.program_slug, title: localized(m.program_titles, locale), city: cityName.get(m.city_id) ?? m.city_id })),
  };
}

export default function CoordinateHome({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <div className="space-y-6" data-testid="coordinate-home">
      <h1 className="page-title">{t("coordinate.home.title")}</h1>
      {loaderData.programs.length === 0 ? <p>{t("coordinate.home.none")}</p> : null}
      <ul className="grid gap-4 sm:grid-cols-2">
        {loaderData.programs.map((p) => (
          <li key={p.slug} className="card space-y-2">
            <h2 className="text-lg font-semibold">{p.title}</h2>
            <p className="text-sm text-slate-700">{t("coordinate.home.forCity", { city: p.city })}</p>
            <div className="flex flex-wrap gap-3 text-sm">
              <Link className="link" to={`/coordinate/${p.slug}/dashboard`}>
                {t("coordConsole.dashboard.title")}
              </Link>
              <Link className="link" to={`/coordinate/${p.slug}/topics`}>
                {t("coordConsole.topics.title")}
              </Link>
              <Link className="link" to={`/coordinate/${p.slug}/hosting`}>
                {t("coordConsole.hosting.title")}
              </Link>
              <Link className="link" to={`/coordinate/${p.slug}/schedule`}>
                {t("coordConsole.schedule.title")}
              </Link>
              <Link className="link" to={`/programs/${p.slug}/timeline`}>
                {t("coordinate.home.timeline")}
              </Link>
              <Link className="link" to={`/coordinate/${p.slug}/panel`}>
                {t("coordinate.home.panel")}
              </Link>
              <Link className="link" to={`/coordinate/${p.slug}/screening`}>
                {t("screening.title")}
              </Link>
              <Link className="link" to={`/coordinate/${p.slug}/reviews`}>
                {t("panelSetup.title")}
              </Link>
              <Link className="link" to={`/review/${p.slug}/ranking`}>
                {t("review.ranking.title")}
              </Link>
              <Link className="link" to={`/coordinate/${p.slug}/shortlist`}>
                {t("decision.shortlist.title")}
              </Link>
              <Link className="link" to={`/coordinate/${p.slug}/picks`}>
                {t("decision.pick.title")}
              </Link>
              <Link className="link" to={`/coordinate/${p.slug}/announcement`}>
                {t("announcement.title")}
              </Link>
              <Link className="link" to={`/coordinate/${p.slug}/offers`}>
                {t("offers.title")}
              </Link>
              <Link className="link" to={`/coordinate/${p.slug}/itineraries`}>
                {t("itinerary.listTitle")}
              </Link>
              <Link className="link" to={`/coordinate/${p.slug}/matchmaking`}>
                {t("matchmaking.title")}
              </Link>
              <Link className="link" to={`/coordinate/${p.slug}/pre-departure`}>
                {t("predeparture.title")}
              </Link>
              <Link className="link" to={`/coordinate/${p.slug}/results`}>
                {t("outcomes.title")}
              </Link>
              <Link className="link" to="/outbox">
                {t("nav.outbox")}
              </Link>
              <Link className="link" to={`/programs/${p.slug}`}>
                {t("coordinate.home.publicPage")}
              </Link>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
