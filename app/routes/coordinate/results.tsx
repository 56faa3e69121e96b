import { useTranslation } from "react-i18next";
import { data, Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/results";
import { Notice, Alert } from "../../components/form.tsx";
import { barChartLayout } from "../../lib/bar-chart.ts";
import { REPORT_COUNTS } from "../../lib/checklist.ts";
import { requireCityCoordinator } from "../../lib/city-coordinator.server.ts";
import { formatDateTime } from "../../lib/format.ts";
import { getLocale } from "../../lib/i18n.server.ts";
import { localized } from "../../lib/locales.ts";
import { readForm } from "../../lib/respond.server.ts";
import { getRuntime, serviceEnv } from "../../lib/runtime.server.ts";
import { cityResults, recordResultsMeeting } from "../../services/results.server.ts";
import { utcToZonedLocal, zonedLocalToUtc } from "../../../workflows/deadlines.ts";

/** The city's own teams' reports, totals, a chart and the comparison with earlier editions. */
export async function loader({ context, url, params }: Route.LoaderArgs) {
  const { program, cityId, city } = await requireCityCoordinator(context, url, params.slug);
  const locale = getLocale(context);
  const results = await cityResults(getRuntime().db, program, cityId);
  const editions = results.editions.map((e) => ({ ...e, title: localized(e.titles, locale) }));
  // The chart draws this edition and every compared one that has reports.
  const charted = editions.filter((e) => e.current || e.totals.reports > 0);
  const chart = barChartLayout(
    REPORT_COUNTS.length,
    charted.map((e) => ({ key: e.slug, label: e.title, values: REPORT_COUNTS.map((m) => e.totals[m]) })),
  );
  return {
    slug: program.slug,
    cityId,
    cityZone: city.time_zone,
    teams: results.teams,
    totals: results.totals,
    awaiting: results.awaiting.map((a) => a.team),
    editions,
    charted: charted.map((e) => ({ slug: e.slug, title: e.title, values: REPORT_COUNTS.map((m) => e.totals[m]) })),
    chart,
    meeting: results.meeting ? { heldAt: results.meeting.held_at, local: utcToZonedLocal(results.meeting.held_at, city.time_zone), notes: results.meeting.notes } : null,
  };
}

const schema = z.object({ heldAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/), notes: z.string().trim().min(1).max(8000) });

export async function action({ request, context, url, params }: Route.ActionArgs) {
  const { user, program, cityId, city } = await requireCityCoordinator(context, url, params.slug);
  const parsed = schema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ error: "outcomes.errors.invalid", saved: false }, { status: 400 });
  let heldAt: string;
  try {
    heldAt = zonedLocalToUtc(parsed.data.heldAt, city.time_zone);
  } catch {
    return data({ error: "outcomes.errors.invalid", saved: false }, { status: 400 });
  }
  await recordResultsMeeting(serviceEnv(), user, program, cityId, { heldAt, notes: parsed.data.notes });
  return { error: null, saved: true };
}

const COLOURS = ["#1d4ed8", "#94a3b8", "#f59e0b", "#10b981", "#a855f7"];
const METRIC_LABEL: Record<(typeof REPORT_COUNTS)[number], string> = {
  meetingsHeld: "teamReport.meetingsHeld",
  leads: "teamReport.leads",
  partnerships: "teamReport.partnerships",
  mous: "teamReport.mous",
  followUps: "teamReport.followUps",
};

export default function Results({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const navigation = useNavigation();
  const d = loaderData;
  const eur = (n: number) => new Intl.NumberFormat(i18n.language, { style: "currency", currency: "EUR", maximumFractionDigits: 0 }).format(n);
  const mean = (n: number | null) => (n === null ? "—" : n.toFixed(1));
  const csvHref = `/coordinate/${d.slug}/results.csv`;
  const metricLabels = REPORT_COUNTS.map((m) => t(METRIC_LABEL[m]));
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="page-title">{t("outcomes.title")}</h1>
        <a className="btn-secondary" href={csvHref} download>
          {t("outcomes.csv")}
        </a>
      </div>
      <p className="text-slate-700">{t("outcomes.intro")}</p>
      {actionData?.error ? (
        <Alert>
          {t(actionData.error)}
        </Alert>
      ) : null}
      {actionData?.saved ? <Notice tone="success">{t("outcomes.meetingSaved")}</Notice> : null}

      <section className="card space-y-3" aria-labelledby="per-team-heading">
        <h2 id="per-team-heading" className="text-lg font-semibold">
          {t("outcomes.perTeam")}
        </h2>
        {d.awaiting.length > 0 ? <p className="text-sm text-slate-700">{t("outcomes.awaiting", { teams: d.awaiting.join(", ") })}</p> : null}
        {d.teams.length === 0 ? (
          <p>{t("outcomes.noReports")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="table-basic" data-testid="results-teams">
              <thead>
                <tr>
                  <th scope="col">{t("outcomes.team")}</th>
                  {metricLabels.map((label) => (
                    <th scope="col" key={label}>
                      {label}
                    </th>
                  ))}
                  <th scope="col">{t("teamReport.investmentEur")}</th>
                  <th scope="col">{t("teamReport.satisfaction")}</th>
                  <th scope="col">{t("teamReport.nextSteps")}</th>
                </tr>
              </thead>
              <tbody>
                {d.teams.map((r) => (
                  <tr key={r.proposalId} data-testid="results-team-row" data-team={r.team}>
                    <th scope="row" className="font-normal">
                      {r.team}
                    </th>
                    {REPORT_COUNTS.map((m) => (
                      <td key={m} data-metric={m}>
                        {r[m]}
                      </td>
                    ))}
                    <td data-metric="investmentEur">{eur(r.investmentEur)}</td>
                    <td data-metric="satisfaction">{r.satisfaction}</td>
                    <td className="whitespace-pre-wrap break-words text-sm">
                      {r.nextSteps}
                      {r.testimonial ? <q className="mt-1 block italic text-slate-600">{r.testimonial}</q> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card space-y-3" aria-labelledby="totals-heading">
        <h2 id="totals-heading" className="text-lg font-semibold">
          {t("outcomes.totals")}
        </h2>
        <div className="overflow-x-auto">
          <table className="table-basic" data-testid="results-editions">
            <caption className="sr-only">{t("outcomes.editions")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("outcomes.edition")}</th>
                <th scope="col">{t("outcomes.reports")}</th>
                {metricLabels.map((label) => (
                  <th scope="col" key={label}>
                    {label}
                  </th>
                ))}
                <th scope="col">{t("teamReport.investmentEur")}</th>
                <th scope="col">{t("outcomes.meanSatisfaction")}</th>
              </tr>
            </thead>
            <tbody>
              {d.editions.map((e) => (
                <tr key={e.programId} data-testid={e.current ? "results-totals" : "results-edition"} data-edition={e.slug}>
                  <th scope="row" className="font-normal">
                    {e.title} <span className="text-xs text-slate-600">· {e.year} · {t(`outcomes.relation.${e.relation}`)}</span>
                  </th>
                  <td data-metric="reports">{e.totals.reports}</td>
                  {REPORT_COUNTS.map((m) => (
                    <td key={m} data-metric={m}>
                      {e.totals[m]}
                    </td>
                  ))}
                  <td data-metric="investmentEur">{eur(e.totals.investmentEur)}</td>
                  <td data-metric="meanSatisfaction">{mean(e.totals.meanSatisfaction)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card space-y-3" aria-labelledby="chart-heading">
        <h2 id="chart-heading" className="text-lg font-semibold">
          {t("outcomes.chartTitle")}
        </h2>
        <figure className="space-y-2">
          <svg
            role="img"
            aria-label={t("outcomes.chartLabel", { editions: d.charted.map((e) => e.title).join(", ") })}
            viewBox={`0 0 ${d.chart.width} ${d.chart.height}`}
            className="h-auto w-full max-w-3xl"
            data-testid="results-chart"
          >
            {d.chart.ticks.map((tick) => (
              <g key={tick.y} aria-hidden="true">
                <line x1={d.chart.left} x2={d.chart.width - 8} y1={tick.y} y2={tick.y} stroke="#e2e8f0" />
                <text x={d.chart.left - 4} y={tick.y + 4} textAnchor="end" fontSize="11" fill="#475569">
                  {tick.value}
                </text>
              </g>
            ))}
            {d.chart.bars.map((bar) => (
              <rect
                key={`${bar.group}-${bar.series}`}
                x={bar.x}
                y={bar.y}
                width={bar.width}
                height={bar.height}
                fill={COLOURS[bar.series % COLOURS.length]}
                data-testid="chart-bar"
                data-metric={REPORT_COUNTS[bar.group]}
                data-edition={d.charted[bar.series]?.slug}
                data-value={bar.value}
              >
                <title>{`${metricLabels[bar.group]} — ${d.charted[bar.series]?.title}: ${bar.value}`}</title>
              </rect>
            ))}
            {d.chart.groupCentres.map((x, g) => (
              <text key={x} x={x} y={d.chart.bottom + 16} textAnchor="middle" fontSize="11" fill="#0f172a" data-testid="chart-label">
                {metricLabels[g]}
              </text>
            ))}
          </svg>
          <figcaption className="flex flex-wrap gap-4 text-sm">
            {d.charted.map((e, i) => (
              <span key={e.slug} className="flex items-center gap-1">
                <span aria-hidden="true" className="inline-block h-3 w-3 rounded-sm" style={{ background: COLOURS[i % COLOURS.length] }} />
                {e.title}
              </span>
            ))}
          </figcaption>
          <details>
            <summary className="cursor-pointer text-sm">{t("outcomes.chartData")}</summary>
            <table className="table-basic" data-testid="chart-data">
              <thead>
                <tr>
                  <th scope="col">{t("outcomes.figure")}</th>
                  {d.charted.map((e) => (
                    <th scope="col" key={e.slug}>
                      {e.title}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {metricLabels.map((label, g) => (
                  <tr key={label}>
                    <th scope="row" className="font-normal">
                      {label}
                    </th>
                    {d.charted.map((e) => (
                      <td key={e.slug}>{e.values[g]}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </figure>
      </section>

      <section className="card space-y-3" aria-labelledby="meeting-heading">
        <h2 id="meeting-heading" className="text-lg font-semibold">
          {t("outcomes.meeting")}
        </h2>
        <p data-testid="results-meeting">{d.meeting ? t("outcomes.meetingHeldAt", { when: formatDateTime(d.meeting.heldAt, d.cityZone, i18n.language) }) : t("outcomes.noMeeting")}</p>
        <Form method="post" className="space-y-3" key={d.meeting?.heldAt ?? "new"}>
          <div>
            <label htmlFor="heldAt" className="field-label">
              {t("outcomes.heldAt", { zone: d.cityZone })}
            </label>
            <input id="heldAt" name="heldAt" type="datetime-local" required defaultValue={d.meeting?.local ?? ""} className="field-input" />
          </div>
          <div>
            <label htmlFor="notes" className="field-label">
              {t("outcomes.notes")}
            </label>
            <textarea id="notes" name="notes" required maxLength={8000} rows={4} defaultValue={d.meeting?.notes ?? ""} className="field-input" />
          </div>
          <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
            {t("outcomes.saveMeeting")}
          </button>
        </Form>
        <p className="text-sm text-slate-700">
          {t("outcomes.timelineHint")}{" "}
          <Link className="link" to={`/programs/${d.slug}/timeline`} data-testid="results-timeline-link">
            {t("outcomes.timelineLink")}
          </Link>
        </p>
      </section>
    </div>
  );
}
