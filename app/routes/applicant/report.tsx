import { useTranslation } from "react-i18next";
import { data, Form, Link, redirect, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/report";
import { Notice, Alert } from "../../components/form.tsx";
import { StateBadge } from "../../components/state-badge.tsx";
import { notFound, requireUser } from "../../lib/auth.server.ts";
import { formatDateTime } from "../../lib/format.ts";
import { readForm } from "../../lib/respond.server.ts";
import { getRuntime, serviceEnv } from "../../lib/runtime.server.ts";
import { applicationVersion, proposalOfMember } from "../../services/proposals.server.ts";
import { reportOf, submitReport } from "../../services/results.server.ts";

export async function loader({ context, url, params }: Route.LoaderArgs) {
  const user = requireUser(context, url);
  const { db } = getRuntime();
  const proposal = await proposalOfMember(db, params.proposalId, user.id);
  if (!proposal) notFound();
  const report = await reportOf(db, proposal.id);
  return {
    id: proposal.id,
    title: proposal.title,
    state: proposal.state,
    open: proposal.state === "awaitingReport",
    version: await applicationVersion(db, proposal.id),
    timeZone: user.time_zone ?? "UTC",
    report: report
      ? {
          meetingsHeld: report.meetings_held,
          leads: report.leads,
          partnerships: report.partnerships,
          mous: report.mous,
          investmentEur: Number(report.investment_eur),
          followUps: report.follow_ups,
          nextSteps: report.next_steps,
          satisfaction: report.satisfaction,
          testimonial: report.testimonial,
          submittedAt: report.submitted_at,
        }
      : null,
  };
}

const count = z.coerce.number().int().min(0).max(100_000);
const schema = z.object({
  meetingsHeld: count,
  leads: count,
  partnerships: count,
  mous: count,
  investmentEur: z.coerce.number().finite().min(0).max(10_000_000_000),
  followUps: count,
  nextSteps: z.string().trim().min(1).max(4000),
  satisfaction: z.coerce.number().int().min(1).max(5),
  testimonial: z.string().trim().max(2000).optional(),
  version: z.coerce.number().int().min(0),
});

export async function action({ request, context, url, params }: Route.ActionArgs) {
  const user = requireUser(context, url);
  const env = serviceEnv();
  const proposal = await proposalOfMember(env.db, params.proposalId, user.id);
  if (!proposal) notFound();
  const form = Object.fromEntries(await readForm(request));
  // An empty number field must not read as 0.
  for (const key of ["meetingsHeld", "leads", "partnerships", "mous", "investmentEur", "followUps", "satisfaction"]) if (form[key] === "") delete form[key];
  const parsed = schema.safeParse(form);
  if (!parsed.success) return data({ error: "teamReport.errors.invalid" }, { status: 400 });
  const { version, testimonial, ...figures } = parsed.data;
  const result = await submitReport(env, user, proposal, { ...figures, testimonial: testimonial || null }, version);
  if (!result.ok) return data({ error: result.error === "conflict" ? "errors.workflow.conflict" : "teamReport.errors.notAllowed" }, { status: result.error === "conflict" ? 409 : 400 });
  throw redirect(`/applicant/proposals/${proposal.id}/report`);
}

const NUMBER_FIELDS = ["meetingsHeld", "leads", "partnerships", "mous", "investmentEur", "followUps"] as const;

export default function ReportPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const navigation = useNavigation();
  const d = loaderData;
  const report = d.report;
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <header className="space-y-2">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="page-title">{t("teamReport.title")}</h1>
          <StateBadge state={d.state} />
        </div>
        <p className="text-sm text-slate-600">{d.title}</p>
      </header>
      {actionData?.error ? (
        <Alert>
          {t(actionData.error)}
        </Alert>
      ) : null}
      {report ? (
        <section className="card space-y-3" data-testid="report-submitted">
          <Notice tone="success">{t("teamReport.submitted", { at: formatDateTime(report.submittedAt, d.timeZone, i18n.language) })}</Notice>
          <dl className="grid grid-cols-2 gap-2 text-sm">
            {[...NUMBER_FIELDS, "satisfaction" as const].map((key) => (
              <div key={key} className="contents">
                <dt className="font-semibold">{t(`teamReport.${key}`)}</dt>
                <dd data-testid={`report-${key}`}>{key === "investmentEur" ? new Intl.NumberFormat(i18n.language, { style: "currency", currency: "EUR" }).format(report.investmentEur) : report[key]}</dd>
              </div>
            ))}
            <dt className="font-semibold">{t("teamReport.nextSteps")}</dt>
            <dd className="whitespace-pre-wrap break-words">{report.nextSteps}</dd>
            {report.testimonial ? (
              <>
                <dt className="font-semibold">{t("teamReport.testimonial")}</dt>
                <dd className="whitespace-pre-wrap break-words">{report.testimonial}</dd>
              </>
            ) : null}
          </dl>
        </section>
      ) : d.open ? (
        <Form method="post" className="card space-y-4" data-testid="report-form">
          <p className="text-slate-700">{t("teamReport.intro")}</p>
          <input type="hidden" name="version" value={d.version} />
          <div className="grid gap-3 sm:grid-cols-2">
            {NUMBER_FIELDS.map((key) => (
              <div key={key}>
                <label htmlFor={key} className="field-label">
                  {t(`teamReport.${key}`)}
                </label>
                <input id={key} name={key} type="number" min={0} step={key === "investmentEur" ? "0.01" : 1} required inputMode={key === "investmentEur" ? "decimal" : "numeric"} className="field-input" />
              </div>
            ))}
            <div>
              <label htmlFor="satisfaction" className="field-label">
                {t("teamReport.satisfaction")}
              </label>
              <select id="satisfaction" name="satisfaction" required defaultValue="" className="field-input">
                <option value="" disabled>
                  —
                </option>
                {[1, 2, 3, 4, 5].map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div>
            <label htmlFor="nextSteps" className="field-label">
              {t("teamReport.nextSteps")}
            </label>
            <textarea id="nextSteps" name="nextSteps" required maxLength={4000} rows={3} className="field-input" />
          </div>
          <div>
            <label htmlFor="testimonial" className="field-label">
              {t("teamReport.testimonial")}
            </label>
            <textarea id="testimonial" name="testimonial" maxLength={2000} rows={3} className="field-input" />
          </div>
          <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
            {t("teamReport.submit")}
          </button>
        </Form>
      ) : (
        <p className="card" data-testid="report-not-open">
          {t("teamReport.notYet")}
        </p>
      )}
      <Link to={`/applicant/proposals/${d.id}`} className="link">
        {t("teamReport.back")}
      </Link>
    </div>
  );
}
