import { useTranslation } from "react-i18next";
import { readForm } from "../../lib/respond.server.ts";
import { data, Form, Link, redirect, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/proposal";
import { Notice, Alert } from "../../components/form.tsx";
import { ProposalHeader } from "../../components/proposal-header.tsx";
import { notFound, requireUser } from "../../lib/auth.server.ts";
import { formatDateTime } from "../../lib/format.ts";
import { getLocale } from "../../lib/i18n.server.ts";
import { localized } from "../../lib/locales.ts";
import { getRuntime, serviceEnv } from "../../lib/runtime.server.ts";
import { findProgramById } from "../../../db/repositories/programs.ts";
import { applicationVersion, callWindowOf, isPastDeadline, parseContent, proposalHistory, proposalOfMember, sendApplicantEvent, visibleHistory, visibleState } from "../../services/proposals.server.ts";
import { resultsPublished } from "../../services/workflows.server.ts";

const WITHDRAWABLE = new Set(["submitted", "screening", "inReview"]);

export async function loader({ context, url, params }: Route.LoaderArgs) {
  const user = requireUser(context, url);
  const { db, clock } = getRuntime();
  const proposal = await proposalOfMember(db, params.proposalId, user.id);
  if (!proposal) notFound();
  const locale = getLocale(context);
  const program = (await findProgramById(db, proposal.program_id))!;
  const city = program.cityA.id === proposal.city_id ? program.cityA : program.cityB;
  const partner = program.cityA.id === proposal.city_id ? program.cityB : program.cityA;
  const window = await callWindowOf(db, program.id, proposal.city_id);
  const team = await db.selectFrom("teams").select("name").where("id", "=", proposal.team_id).executeTakeFirstOrThrow();
  const versions = await db.selectFrom("proposal_versions").select(["version", "submitted_at"]).where("proposal_id", "=", proposal.id).orderBy("version", "desc").execute();
  const published = await resultsPublished(db, program.id);
  const history = visibleHistory(await proposalHistory(db, proposal.id), published);
  const state = visibleState(proposal.state, published);
  const content = parseContent(proposal.content);
  return {
    id: proposal.id,
    title: proposal.title,
    state,
    team: team.name,
    program: localized(program.titles, locale),
    programSlug: program.slug,
    partner: localized(partner.names, locale),
    summaryEn: content.summaryEn,
    reason: proposal.ineligible_reason,
    deadline: window?.closesAt ?? null,
    callClosed: isPastDeadline(window, clock.now()),
    offerExpiresAt: state === "offered" ? proposal.offer_expires_at : null,
    versions,
    history: history.map((h) => ({ seq: h.seq, event: h.event_type, at: h.at, state: h.state_after })),
    version: await applicationVersion(db, proposal.id),
    timeZone: user.time_zone ?? city.time_zone,
    cityTimeZone: city.time_zone,
    canWithdraw: WITHDRAWABLE.has(proposal.state),
    canEdit: (proposal.state === "draft" || proposal.state === "submitted") && !isPastDeadline(window, clock.now()),
    hasItinerary: !!(await db.selectFrom("itinerary_items").select("id").where("proposal_id", "=", proposal.id).executeTakeFirst()),
    submitted: url.searchParams.get("submitted"),
    answered: url.searchParams.get("answered"),
  };
}

const schema = z.object({
  intent: z.enum(["WITHDRAW", "ACCEPT", "DECLINE"]),
  reason: z.string().trim().max(1000).optional(),
  confirm: z.literal("yes").optional(),
  version: z.coerce.number().int().min(0),
});

export async function action({ request, context, url, params }: Route.ActionArgs) {
  const user = requireUser(context, url);
  const env = serviceEnv();
  const proposal = await proposalOfMember(env.db, params.proposalId, user.id);
  if (!proposal) notFound();
  const parsed = schema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ error: "errors.field.invalid" }, { status: 400 });
  const { intent, reason, confirm, version } = parsed.data;
  if ((intent === "WITHDRAW" || intent === "DECLINE") && confirm !== "yes") return data({ error: "errors.proposal.confirmRequired" }, { status: 400 });
  const result = await sendApplicantEvent(env, user, proposal, { type: intent, reason: reason || undefined }, version);
  if (!result.ok) {
    const status = result.error.code === "conflict" ? 409 : 400;
    return data({ error: result.error.code === "conflict" ? "errors.workflow.conflict" : "errors.proposal.notPossibleNow" }, { status });
  }
  throw redirect(`/applicant/proposals/${proposal.id}?answered=${intent}`);
}

/** What the state means for the team, and what comes next. */
export default function ProposalStatus({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const fmt = (iso: string, tz: string) => formatDateTime(iso, tz, i18n.language);
  const d = loaderData;
  const error = actionData && "error" in actionData ? actionData.error : null;
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <ProposalHeader team={d.team} program={d.program} title={d.title} state={d.state} />
      {d.submitted ? <Notice tone="success">{t("proposal.submittedNotice", { version: d.submitted })}</Notice> : null}
      {d.answered ? <Notice tone="success">{t(`proposal.answered.${d.answered}`, { defaultValue: "" })}</Notice> : null}
      {error ? (
        <Alert>
          {t(error)}
        </Alert>
      ) : null}

      <section className="card space-y-2" data-testid="status-explainer">
        <h2 className="text-lg font-semibold">{t("status.whereTitle")}</h2>
        <p>{t(`status.explain.${d.state}`, { partner: d.partner, deadline: d.deadline ? fmt(d.deadline, d.timeZone) : "" })}</p>
        {d.reason ? <p className="text-sm text-slate-700">{t("status.reason", { reason: d.reason })}</p> : null}
        {d.canEdit ? (
          <Link to={`/applicant/proposals/${d.id}/edit`} className="btn-primary">
            {d.state === "draft" ? t("proposal.continue") : t("proposal.edit")}
          </Link>
        ) : null}
      </section>

      {d.hasItinerary ? (
        <Link to={`/applicant/proposals/${d.id}/itinerary`} className="btn-secondary" data-testid="itinerary-link">
          {t("itinerary.link")}
        </Link>
      ) : null}

      {d.state === "confirmed" || d.state === "ready" ? (
        <Link to={`/applicant/proposals/${d.id}/checklist`} className="btn-secondary" data-testid="checklist-link">
          {t("checklist.open")}
        </Link>
      ) : null}
      {d.state === "awaitingReport" || d.state === "completed" ? (
        <Link to={`/applicant/proposals/${d.id}/report`} className="btn-secondary" data-testid="report-link">
          {d.state === "completed" ? t("teamReport.view") : t("teamReport.open")}
        </Link>
      ) : null}

      {d.state === "offered" ? (
        <section className="card space-y-4 border-amber-300" data-testid="offer">
          <h2 className="text-lg font-semibold">{t("offer.title", { partner: d.partner })}</h2>
          {d.offerExpiresAt ? <p className="font-semibold text-amber-900">{t("offer.answerBy", { deadline: fmt(d.offerExpiresAt, d.timeZone) })}</p> : null}
          <p>{t("offer.body", { partner: d.partner })}</p>
          <div className="grid gap-4 sm:grid-cols-2">
            <Form method="post" className="space-y-2">
              <input type="hidden" name="intent" value="ACCEPT" />
              <input type="hidden" name="version" value={d.version} />
              <button type="submit" className="btn-primary w-full" disabled={busy}>
                {t("offer.accept")}
              </button>
            </Form>
            <Form method="post" className="space-y-2">
              <input type="hidden" name="intent" value="DECLINE" />
              <input type="hidden" name="version" value={d.version} />
              <label htmlFor="decline-reason" className="field-label">
                {t("offer.declineReason")}
              </label>
              <textarea id="decline-reason" name="reason" maxLength={1000} rows={2} className="field-input" />
              <label className="flex items-start gap-2 text-sm">
                <input type="checkbox" name="confirm" value="yes" required className="mt-1" />
                {t("offer.declineConfirm")}
              </label>
              <button type="submit" className="btn-danger w-full" disabled={busy}>
                {t("offer.decline")}
              </button>
            </Form>
          </div>
        </section>
      ) : null}

      {d.summaryEn ? (
        <section className="card">
          <h2 className="text-lg font-semibold">{t("proposal.fields.summaryEn")}</h2>
          <p className="mt-2 whitespace-pre-wrap break-words" lang="en">
            {d.summaryEn}
          </p>
        </section>
      ) : null}

      {d.versions.length > 0 ? (
        <section className="card">
          <h2 className="text-lg font-semibold">{t("status.versions")}</h2>
          <ul className="mt-2 text-sm" data-testid="versions">
            {d.versions.map((v) => (
              <li key={v.version}>{t("status.versionLine", { version: v.version, at: fmt(v.submitted_at, d.timeZone) })}</li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="card">
        <h2 className="text-lg font-semibold">{t("status.history")}</h2>
        <ol className="mt-2 space-y-1 text-sm" data-testid="history">
          {d.history.map((h) => (
            <li key={h.seq}>
              <span className="text-slate-600">{fmt(h.at, d.timeZone)}</span> — {t(`status.event.${h.event}`)}
            </li>
          ))}
        </ol>
      </section>

      {d.canWithdraw ? (
        <Form method="post" className="card space-y-3" data-testid="withdraw">
          <h2 className="text-lg font-semibold">{t("status.withdrawTitle")}</h2>
          <p className="text-sm text-slate-700">{t("status.withdrawBody")}</p>
          <input type="hidden" name="intent" value="WITHDRAW" />
          <input type="hidden" name="version" value={d.version} />
          <label htmlFor="withdraw-reason" className="field-label">
            {t("status.withdrawReason")}
          </label>
          <textarea id="withdraw-reason" name="reason" maxLength={1000} rows={2} className="field-input" />
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" name="confirm" value="yes" required className="mt-1" />
            {t("status.withdrawConfirm")}
          </label>
          <button type="submit" className="btn-danger" disabled={busy}>
            {t("status.withdraw")}
          </button>
        </Form>
      ) : null}
      <Link to="/applicant" className="link">
        {t("proposal.backToApplications")}
      </Link>
    </div>
  );
}
