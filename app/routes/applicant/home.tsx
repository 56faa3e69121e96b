import { useTranslation } from "react-i18next";
import { Form, Link } from "react-router";
import type { Route } from "./+types/home";
import { StateBadge } from "../../components/state-badge.tsx";
import { requireUser } from "../../lib/auth.server.ts";
import { formatDateTime } from "../../lib/format.ts";
import { getLocale } from "../../lib/i18n.server.ts";
import { localized } from "../../lib/locales.ts";
import { getRuntime } from "../../lib/runtime.server.ts";
import { teamsOfUser } from "../../../db/repositories/teams.ts";
import { visibleState } from "../../services/proposals.server.ts";
import { openCallsFor } from "../../services/teams.server.ts";
import { resultsPublished } from "../../services/workflows.server.ts";

export async function loader({ context, url }: Route.LoaderArgs) {
  const user = requireUser(context, url);
  const { db, clock } = getRuntime();
  const locale = getLocale(context);
  const now = clock.now();
  const teams = await teamsOfUser(db, user.id);
  const teamIds = teams.map((t) => t.id);
  const proposals = teamIds.length
    ? await db
        .selectFrom("proposals")
        .innerJoin("programs", "programs.id", "proposals.program_id")
        .select(["proposals.id", "proposals.title", "proposals.state", "proposals.team_id", "proposals.program_id", "proposals.offer_expires_at", "programs.slug", "programs.titles"])
        .where("proposals.team_id", "in", teamIds)
        .where("proposals.state", "!=", "discarded")
        .orderBy("proposals.created_at", "desc")
        .execute()
    : [];
  const cities = await db.selectFrom("cities").select(["id", "names", "time_zone"]).execute();
  const cityName = new Map(cities.map((c) => [c.id, localized(c.names, locale)]));
  const teamViews = await Promise.all(
    teams.map(async (team) => {
      const calls = await openCallsFor(db, team.city_id, now);
      const own = proposals.filter((p) => p.team_id === team.id);
      const published = new Map(await Promise.all([...new Set(own.map((p) => p.program_id))].map(async (id) => [id, await resultsPublished(db, id)] as const)));
      const tz = cities.find((c) => c.id === team.city_id)?.time_zone ?? "UTC";
      return {
        id: team.id,
        name: team.name,
        city: cityName.get(team.city_id) ?? team.city_id,
        proposals: own.map((p) => {
          const state = visibleState(p.state, published.get(p.program_id) ?? false);
          return { id: p.id, title: p.title, state, program: localized(p.titles, locale), offerExpiresAt: state === "offered" ? p.offer_expires_at : null };
        }),
        calls: calls
          .filter((c) => !own.some((p) => p.program_id === c.id && p.state !== "withdrawn"))
          .map((c) => ({ slug: c.slug, title: localized(c.titles, locale), closesAt: c.ends_at, timeZone: tz })),
      };
    }),
  );
  return { name: user.name, teams: teamViews, timeZone: user.time_zone ?? "UTC" };
}

export default function ApplicantHome({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  return (
    <div className="space-y-6" data-testid="applicant-home">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="page-title">{t("applicant.home.title", { name: loaderData.name })}</h1>
        <Link to="/applicant/teams/new" className="btn-secondary">
          {t("team.create")}
        </Link>
      </div>
      {loaderData.teams.length === 0 ? (
        <div className="card space-y-3">
          <p>{t("team.noneYet")}</p>
          <Link to="/applicant/teams/new" className="btn-primary">
            {t("team.create")}
          </Link>
        </div>
      ) : null}
      {loaderData.teams.map((team) => (
        <section key={team.id} className="card space-y-4" data-testid="team-card">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 className="text-lg font-semibold">
              <Link to={`/applicant/teams/${team.id}`} className="link">
                {team.name}
              </Link>{" "}
              <span className="text-sm font-normal text-slate-600">· {team.city}</span>
            </h2>
          </div>
          {team.proposals.length > 0 ? (
            <ul className="divide-y divide-slate-100">
              {team.proposals.map((p) => (
                <li key={p.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <span>
                    <Link to={`/applicant/proposals/${p.id}`} className="link font-semibold">
                      {p.title || t("proposal.untitled")}
                    </Link>
                    <span className="block text-sm text-slate-600">{p.program}</span>
                    {p.state === "offered" && p.offerExpiresAt ? (
                      <span className="block text-sm font-semibold text-amber-800">{t("offer.answerBy", { deadline: formatDateTime(p.offerExpiresAt, loaderData.timeZone, i18n.language) })}</span>
                    ) : null}
                  </span>
                  <StateBadge state={p.state} />
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-slate-700">{t("applicant.home.noProposal")}</p>
          )}
          {team.calls.map((call) => (
            <Form method="post" action="/applicant/proposals/new" key={call.slug} className="flex flex-wrap items-center justify-between gap-3 rounded-md bg-brand-50 p-3">
              <input type="hidden" name="program" value={call.slug} />
              <input type="hidden" name="team" value={team.id} />
              <span className="text-sm">
                <strong>{call.title}</strong>
                <span className="block text-slate-700">{t("proposal.callCloses", { deadline: formatDateTime(call.closesAt, call.timeZone, i18n.language) })}</span>
              </span>
              <button type="submit" className="btn-primary">
                {t("proposal.start")}
              </button>
            </Form>
          ))}
        </section>
      ))}
    </div>
  );
}
