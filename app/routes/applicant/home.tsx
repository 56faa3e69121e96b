import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Route } from "./+types/home";
import { requireUser } from "../../lib/auth.server.ts";
import { getLocale } from "../../lib/i18n.server.ts";
import { localized } from "../../lib/locales.ts";
import { getRuntime } from "../../lib/runtime.server.ts";
import { teamsOfUser } from "../../../db/repositories/teams.ts";

export async function loader({ context, url }: Route.LoaderArgs) {
  const user = requireUser(context, url);
  const { db } = getRuntime();
  const locale = getLocale(context);
  const teams = await teamsOfUser(db, user.id);
  const teamIds = teams.map((t) => t.id);
  const proposals = teamIds.length
    ? await db
        .selectFrom("proposals")
        .innerJoin("programs", "programs.id", "proposals.program_id")
        .select(["proposals.id", "proposals.title", "proposals.state", "proposals.team_id", "programs.slug", "programs.titles"])
        .where("proposals.team_id", "in", teamIds)
        .orderBy("proposals.created_at", "desc")
        .execute()
    : [];
  const cities = await db.selectFrom("cities").select(["id", "names"]).execute();
  const cityName = new Map(cities.map((c) => [c.id, localized(c.names, locale)]));
  return {
    name: user.name,
    teams: teams.map((team) => ({
      id: team.id,
      name: team.name,
      city: cityName.get(team.city_id) ?? team.city_id,
      proposals: proposals
        .filter((p) => p.team_id === team.id)
        .map((p) => ({ id: p.id, title: p.title, state: p.state, program: localized(p.titles, locale), slug: p.slug })),
    })),
  };
}

export default function ApplicantHome({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <div className="space-y-6" data-testid="applicant-home">
      <h1 className="page-title">{t("applicant.home.title", { name: loaderData.name })}</h1>
      {loaderData.teams.length === 0 ? (
        <div className="card">
          <p>{t("applicant.home.noTeam")}</p>
          <Link to="/" className="link mt-2 inline-block">
            {t("applicant.home.seeCalls")}
          </Link>
        </div>
      ) : (
        loaderData.teams.map((team) => (
          <section key={team.id} className="card">
            <h2 className="text-lg font-semibold">
              {team.name} <span className="text-sm font-normal text-slate-600">· {team.city}</span>
            </h2>
            {team.proposals.length === 0 ? (
              <p className="mt-2 text-slate-700">{t("applicant.home.noProposal")}</p>
            ) : (
              <ul className="mt-3 divide-y divide-slate-100">
                {team.proposals.map((p) => (
                  <li key={p.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                    <span>
                      <strong>{p.title}</strong> <span className="text-sm text-slate-600">· {p.program}</span>
                    </span>
                    <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-800">{t(`application.state.${p.state}`)}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        ))
      )}
    </div>
  );
}
