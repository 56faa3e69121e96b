import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Route } from "./+types/program";
import { Countdown } from "../../components/countdown.tsx";
import { notFound, optionalUser } from "../../lib/auth.server.ts";
import { formatDate, formatDateTime } from "../../lib/format.ts";
import { getLocale } from "../../lib/i18n.server.ts";
import { getRuntime } from "../../lib/runtime.server.ts";
import { findProgramBySlug } from "../../../db/repositories/programs.ts";
import { publicProgramView } from "../../services/public-program.server.ts";

export function meta({ loaderData }: Route.MetaArgs) {
  return [{ title: loaderData ? `${loaderData.view.title} — Passerelle` : "Passerelle" }];
}

export async function loader({ params, context }: Route.LoaderArgs) {
  const { db, clock } = getRuntime();
  const program = await findProgramBySlug(db, params.slug);
  if (!program) notFound();
  const user = optionalUser(context);
  const view = await publicProgramView(db, program, getLocale(context), clock.now());
  return { view, viewerTimeZone: user?.time_zone ?? null, signedIn: !!user };
}

export default function ProgramPage({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const { view } = loaderData;
  const lang = i18n.language;
  return (
    <div className="space-y-8">
      <header className="rounded-xl bg-brand-900 px-6 py-8 text-white">
        <p className="text-sm text-brand-100">{view.cities.map((c) => c.name).join(" ⇄ ")}</p>
        <h1 className="mt-1 text-2xl font-bold sm:text-3xl">{view.title}</h1>
        <p className="mt-3 max-w-3xl text-brand-100">{t("program.intro")}</p>
      </header>

      <section aria-labelledby="call-heading" className="grid gap-4 md:grid-cols-2">
        <h2 id="call-heading" className="sr-only">
          {t("program.call.title")}
        </h2>
        {view.call.map((c) => (
          <div key={c.cityId} className="card" data-testid={`call-${c.cityId}`}>
            <h3 className="text-lg font-semibold">{t("program.call.cityCall", { city: c.city })}</h3>
            <p className="mt-1">
              <span className="rounded-full bg-slate-100 px-2 py-0.5 text-sm font-medium" data-testid="call-status">
                {t(`program.call.status.${c.status}`)}
              </span>
            </p>
            {c.closesAt ? (
              <dl className="mt-3 space-y-1 text-sm">
                <div>
                  <dt className="inline font-medium">{t("program.call.deadline")}: </dt>
                  <dd className="inline">{formatDateTime(c.closesAt, c.timeZone, lang)}</dd>
                </div>
                {view.cities
                  .filter((o) => o.timeZone !== c.timeZone)
                  .map((o) => (
                    <div key={o.id} className="text-slate-600">
                      <dt className="inline">{o.name}: </dt>
                      <dd className="inline">{formatDateTime(c.closesAt!, o.timeZone, lang)}</dd>
                    </div>
                  ))}
                {loaderData.viewerTimeZone && !view.cities.some((o) => o.timeZone === loaderData.viewerTimeZone) ? (
                  <div className="text-slate-600">
                    <dt className="inline">{t("program.call.yourTime")}: </dt>
                    <dd className="inline">{formatDateTime(c.closesAt, loaderData.viewerTimeZone, lang)}</dd>
                  </div>
                ) : null}
              </dl>
            ) : null}
            {c.status === "open" && c.closesAt ? <Countdown until={c.closesAt} serverNow={view.now} /> : null}
          </div>
        ))}
      </section>

      {view.finalists.length > 0 ? (
        <section className="card" aria-labelledby="finalists-heading" data-testid="finalists">
          <h2 id="finalists-heading" className="text-xl font-semibold">
            {t("program.finalists.title")}
          </h2>
          <div className="mt-3 grid gap-4 sm:grid-cols-2">
            {view.finalists.map((f) => (
              <div key={f.host}>
                <h3 className="font-medium">{t("program.finalists.hostedBy", { city: f.host })}</h3>
                <ul className="mt-1 list-disc pl-5">
                  {f.teams.map((team) => (
                    <li key={team.name}>
                      {team.name} <span className="text-sm text-slate-600">({team.city})</span>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
        </section>
      ) : null}

      <section className="card" aria-labelledby="themes-heading">
        <h2 id="themes-heading" className="text-xl font-semibold">
          {t("program.themes")}
        </h2>
        {view.topics.length === 0 ? (
          <p className="mt-2 text-slate-700">{t("program.themesPending")}</p>
        ) : (
          <ul className="mt-3 flex flex-wrap gap-2">
            {view.topics.map((topic) => (
              <li key={topic} className="rounded-full bg-brand-50 px-3 py-1 text-sm font-medium text-brand-900">
                {topic}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card overflow-x-auto" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading" className="text-xl font-semibold">
          {t("program.timeline")}
        </h2>
        <table className="table-basic mt-3">
          <thead>
            <tr>
              <th scope="col">{t("program.stage")}</th>
              {view.cities.map((c) => (
                <th key={c.id} scope="col">
                  {t("program.inCityTime", { city: c.name })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {view.timeline
              .filter((s) => s.windows.some((w) => w.window))
              .map((s) => (
                <tr key={s.key} className={s.status === "current" ? "bg-brand-50" : undefined} aria-current={s.status === "current" ? "step" : undefined}>
                  <th scope="row" className="font-medium">
                    {t(s.labelKey)}
                    {s.status === "current" ? <span className="ml-2 text-xs text-brand-700">({t("timeline.status.current")})</span> : null}
                  </th>
                  {s.windows.map((w) => {
                    const tz = view.cities.find((c) => c.id === w.cityId)!.timeZone;
                    return <td key={w.cityId}>{w.window ? `${formatDate(w.window.startsAt, tz, lang)} – ${formatDate(w.window.endsAt, tz, lang)}` : "—"}</td>;
                  })}
                </tr>
              ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="resources-heading">
        <h2 id="resources-heading" className="text-xl font-semibold">
          {t("program.resources")}
        </h2>
        <ul className="mt-3 grid gap-4 sm:grid-cols-2" data-testid="hosting-resources">
          {view.resources.map((r) => (
            <li key={r.id} className="card">
              <h3 className="font-semibold">{r.name}</h3>
              <p className="text-sm text-slate-600">
                {r.city} · {t(`program.resourceKind.${r.kind}`, { defaultValue: r.kind })}
                {r.capacity ? ` · ${t("program.capacity", { count: r.capacity })}` : ""}
              </p>
              <p className="mt-2 text-sm">{r.address}</p>
              <p className="mt-1 text-sm text-slate-700">{r.services}</p>
            </li>
          ))}
        </ul>
      </section>

      <section className="card space-y-3" aria-labelledby="faq-heading">
        <h2 id="faq-heading" className="text-xl font-semibold">
          {t("program.eligibility.title")}
        </h2>
        <ul className="list-disc space-y-1 pl-5 text-slate-800">
          <li>{t("program.eligibility.rule1")}</li>
          <li>{t("program.eligibility.rule2")}</li>
          <li>{t("program.eligibility.rule3")}</li>
        </ul>
        <h3 className="pt-2 text-lg font-semibold">{t("program.faq.title")}</h3>
        <dl className="space-y-3">
          {(["q1", "q2", "q3"] as const).map((q) => (
            <div key={q}>
              <dt className="font-medium">{t(`program.faq.${q}`)}</dt>
              <dd className="text-slate-700">{t(`program.faq.${q}a`)}</dd>
            </div>
          ))}
        </dl>
        {!loaderData.signedIn ? (
          <Link to="/sign-up" className="btn-primary">
            {t("home.apply")}
          </Link>
        ) : null}
      </section>
    </div>
  );
}
