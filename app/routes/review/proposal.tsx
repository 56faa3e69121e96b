import { useTranslation } from "react-i18next";
import { data, Form, Link, redirect } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/proposal";
import { Notice, Alert } from "../../components/form.tsx";
import { forbidden, notFound } from "../../lib/auth.server.ts";
import { getLocale } from "../../lib/i18n.server.ts";
import { localized } from "../../lib/locales.ts";
import { requirePanel } from "../../lib/panel.server.ts";
import { readForm } from "../../lib/respond.server.ts";
import { getRuntime, serviceEnv } from "../../lib/runtime.server.ts";
import { CONFLICT_KINDS, decisionOf, declarationOf, declareConflict, mayReview, ownReview, panelRanking, panelReviewsOf, saveReview, type PanelError } from "../../services/panels.server.ts";
import { parseContent } from "../../services/proposals.server.ts";
import { rubricFor } from "../../services/rubrics.server.ts";

export async function loader({ context, url, params }: Route.LoaderArgs) {
  const { user, panel } = await requirePanel(context, url, params.slug);
  const { db } = getRuntime();
  const locale = getLocale(context);
  if (!panel.stage || !panel.proposalIds.includes(params.proposalId)) notFound();
  const stage = panel.stage;
  const declared = await declarationOf(db, params.proposalId, user.id);
  const allowed = await mayReview(db, panel, params.proposalId, user.id);
  // Not assigned (and not the coordinator): the proposal does not exist for this reviewer.
  if (!allowed.ok && allowed.error === "not-assigned" && !declared && !panel.isCoordinator) notFound();
  if (declared?.conflicted && !panel.isCoordinator) return { mode: "conflicted" as const, slug: panel.program.slug };
  if (!declared && !panel.isCoordinator) return { mode: "declare" as const, slug: panel.program.slug, kinds: [...CONFLICT_KINDS] };
  const proposal = await db.selectFrom("proposals").innerJoin("teams", "teams.id", "proposals.team_id").select(["proposals.id", "proposals.title", "proposals.content", "proposals.deck_key", "proposals.city_id", "teams.name as team", "teams.website", "teams.founding_year", "teams.size"]).where("proposals.id", "=", params.proposalId).executeTakeFirstOrThrow();
  const content = parseContent(proposal.content);
  const rubric = await rubricFor(db, panel.program.id, panel.cityId, stage);
  const own = await ownReview(db, panel, params.proposalId, user.id, stage);
  const others = await panelReviewsOf(db, panel, params.proposalId, user, stage);
  const homeDecision = stage === "pick" ? await decisionOf(db, panel.program.id, panel.partnerId, "shortlist") : undefined;
  // The home panel's scores reach the partner only when the home city chose to share them.
  const homeScore = homeDecision?.share_scores ? (await panelRanking(db, { ...panel, cityId: panel.partnerId }, "shortlist", [proposal.id]))[0] : undefined;
  return {
    mode: "review" as const,
    slug: panel.program.slug,
    stage,
    canScore: allowed.ok,
    proposal: {
      id: proposal.id,
      title: proposal.title,
      team: proposal.team,
      website: proposal.website,
      hasDeck: !!proposal.deck_key,
      // The partner panel reads the English summary; the home panel sees everything.
      sections: stage === "pick" ? { summaryEn: content.summaryEn, product: content.product, traction: content.traction, wants: content.wants } : content,
    },
    rubric: { scaleMax: rubric.scaleMax, criteria: rubric.criteria.map((c) => ({ key: c.key, weight: c.weight, label: c.labels[locale] ?? c.labels.en ?? c.key, description: c.descriptions[locale] ?? c.descriptions.en ?? "" })) },
    own: own ? { scores: JSON.parse(own.scores) as Record<string, number>, confidence: own.confidence, commentPanel: own.comment_panel, commentApplicant: own.comment_applicant, status: own.status } : null,
    others: others?.filter((o) => o.reviewer_id !== user.id).map((o) => ({ name: o.name, weighted: o.weighted, comment: o.comment_panel })) ?? null,
    homeRationale: homeDecision?.rationale ?? null,
    homeScore: homeScore && homeScore.mean !== null ? { mean: homeScore.mean, reviews: homeScore.reviews } : null,
    saved: url.searchParams.get("saved"),
    city: localized((panel.program.cityA.id === proposal.city_id ? panel.program.cityA : panel.program.cityB).names, locale),
  };
}

const declareSchema = z.object({ intent: z.literal("declare"), conflicted: z.enum(["yes", "no"]), kind: z.enum(CONFLICT_KINDS).optional(), note: z.string().trim().max(500).optional() });
const scoreSchema = z.object({
  intent: z.enum(["save", "submit"]),
  confidence: z.coerce.number().int().min(1).max(3).optional(),
  commentPanel: z.string().trim().max(5000).optional(),
  commentApplicant: z.string().trim().max(5000).optional(),
});

export async function action({ request, context, url, params }: Route.ActionArgs) {
  const { user, panel } = await requirePanel(context, url, params.slug);
  if (!panel.isReviewer) forbidden();
  const form = await readForm(request);
  const raw = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>;
  // An empty select or text box means "not given".
  const given = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== ""));
  const env = serviceEnv();
  // A reviewer not assigned this proposal (or outside its panel) is refused before the body is looked at:
  // 403 whether they declare or score, not a 400 for the body or a 409 for a closed stage.
  const assigned = await mayReview(env.db, panel, params.proposalId, user.id);
  if (!assigned.ok && assigned.error === "not-assigned") forbidden();
  let result: { ok: true } | { ok: false; error: PanelError };
  const declare = declareSchema.safeParse(given);
  if (declare.success) {
    result = await declareConflict(env, user, panel, params.proposalId, { conflicted: declare.data.conflicted === "yes", kind: declare.data.kind ?? null, note: declare.data.note || null });
    if (result.ok) throw redirect(declare.data.conflicted === "yes" ? `/review/${panel.program.slug}?conflict=1` : `/review/${panel.program.slug}/proposals/${params.proposalId}`);
  } else {
    const parsed = scoreSchema.safeParse(given);
    if (!parsed.success) return data({ error: "errors.review.invalid-score" }, { status: 400 });
    const scores: Record<string, number | null> = {};
    for (const [k, v] of Object.entries(raw)) {
      if (!k.startsWith("score.")) continue;
      scores[k.slice(6)] = v === "" ? null : Number(v);
    }
    result = await saveReview(env, user, panel, params.proposalId, {
      scores,
      confidence: parsed.data.confidence ?? null,
      commentPanel: parsed.data.commentPanel ?? "",
      commentApplicant: parsed.data.commentApplicant ?? "",
      submit: parsed.data.intent === "submit",
    });
    if (result.ok) throw redirect(`/review/${panel.program.slug}/proposals/${params.proposalId}?saved=${parsed.data.intent}`);
  }
  const status = result.error === "conflicted" || result.error === "not-assigned" ? 403 : result.error === "stage-closed" ? 409 : 400;
  return data({ error: `errors.review.${result.error}` }, { status });
}

export default function ReviewProposal({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const error = actionData && "error" in actionData ? actionData.error : null;
  const d = loaderData;
  const errorBox = error ? (
    <Alert testId="review-error">
      {t(error)}
    </Alert>
  ) : null;
  if (d.mode === "conflicted") {
    return (
      <div className="mx-auto max-w-xl space-y-4" data-testid="conflicted">
        <h1 className="page-title">{t("review.conflict.blockedTitle")}</h1>
        {errorBox}
        <p>{t("review.conflict.blockedBody")}</p>
        <Link to={`/review/${d.slug}`} className="link">
          {t("review.backToQueue")}
        </Link>
      </div>
    );
  }
  if (d.mode === "declare") {
    return (
      <div className="mx-auto max-w-xl space-y-4">
        <h1 className="page-title">{t("review.conflict.title")}</h1>
        <p>{t("review.conflict.intro")}</p>
        {errorBox}
        <Form method="post" className="card space-y-3" data-testid="declare-form">
          <input type="hidden" name="intent" value="declare" />
          <fieldset className="space-y-2">
            <legend className="field-label">{t("review.conflict.question")}</legend>
            <label className="flex items-center gap-2">
              <input type="radio" name="conflicted" value="no" required /> {t("review.conflict.none")}
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="conflicted" value="yes" /> {t("review.conflict.have")}
            </label>
          </fieldset>
          <div>
            <label htmlFor="kind" className="field-label">
              {t("review.conflict.kind")}
            </label>
            <select id="kind" name="kind" className="field-input" defaultValue="">
              <option value="">—</option>
              {d.kinds.map((k) => (
                <option key={k} value={k}>
                  {t(`review.conflict.kinds.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="note" className="field-label">
              {t("review.conflict.note")}
            </label>
            <input id="note" name="note" maxLength={500} className="field-input" />
          </div>
          <button type="submit" className="btn-primary">
            {t("review.conflict.submit")}
          </button>
        </Form>
      </div>
    );
  }
  const submitted = d.own?.status === "submitted";
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <header>
        <p className="text-sm text-slate-600">
          {d.proposal.team} · {d.city}
        </p>
        <h1 className="page-title">{d.proposal.title}</h1>
      </header>
      {d.saved ? <Notice tone="success">{t(d.saved === "submit" ? "review.submitted" : "review.savedDraft")}</Notice> : null}
      {errorBox}
      {d.homeRationale ? (
        <section className="card">
          <h2 className="font-semibold">{t("review.homeRationale")}</h2>
          <p className="mt-1 whitespace-pre-wrap">{d.homeRationale}</p>
          {d.homeScore ? <p className="mt-2 text-sm text-slate-700" data-testid="home-score">{t("review.homeScore", { mean: d.homeScore.mean.toFixed(2), count: d.homeScore.reviews })}</p> : null}
        </section>
      ) : null}
      <section className="card space-y-3">
        {Object.entries(d.proposal.sections)
          .filter(([, v]) => v)
          .map(([k, v]) => (
            <div key={k}>
              <h2 className="font-semibold">{t(`proposal.fields.${k}`)}</h2>
              <p className="whitespace-pre-wrap break-words text-slate-800">{v}</p>
            </div>
          ))}
        {d.proposal.hasDeck ? (
          <a className="link" href={`/review/${d.slug}/proposals/${d.proposal.id}/deck`}>
            {t("review.downloadDeck")}
          </a>
        ) : null}
      </section>
      <Form method="post" className="card space-y-4" data-testid="score-form">
        <h2 className="text-lg font-semibold">{t("review.scoreTitle")}</h2>
        <fieldset disabled={submitted || !d.canScore} className="space-y-4">
          {d.rubric.criteria.map((c) => (
            <div key={c.key}>
              <label htmlFor={`score-${c.key}`} className="field-label">
                {c.label} <span className="text-xs font-normal text-slate-600">({t("review.weight", { weight: Math.round(c.weight * 100) })})</span>
              </label>
              <p className="text-xs text-slate-600">{c.description}</p>
              <select id={`score-${c.key}`} name={`score.${c.key}`} defaultValue={d.own?.scores[c.key] ?? ""} className="field-input">
                <option value="">—</option>
                {Array.from({ length: d.rubric.scaleMax }, (_, i) => i + 1).map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </div>
          ))}
          <div>
            <label htmlFor="confidence" className="field-label">
              {t("review.confidence")}
            </label>
            <select id="confidence" name="confidence" defaultValue={d.own?.confidence ?? ""} className="field-input">
              <option value="">—</option>
              {[1, 2, 3].map((n) => (
                <option key={n} value={n}>
                  {t(`review.confidenceLevel.${n}`)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="commentPanel" className="field-label">
              {t("review.commentPanel")}
            </label>
            <textarea id="commentPanel" name="commentPanel" rows={3} maxLength={5000} defaultValue={d.own?.commentPanel ?? ""} className="field-input" />
          </div>
          <div>
            <label htmlFor="commentApplicant" className="field-label">
              {t("review.commentApplicant")}
            </label>
            <textarea id="commentApplicant" name="commentApplicant" rows={3} maxLength={5000} defaultValue={d.own?.commentApplicant ?? ""} className="field-input" />
          </div>
          {!submitted ? (
            <div className="flex flex-wrap gap-3">
              <button type="submit" name="intent" value="save" className="btn-secondary">
                {t("review.saveDraft")}
              </button>
              <button type="submit" name="intent" value="submit" className="btn-primary">
                {t("review.submit")}
              </button>
            </div>
          ) : null}
        </fieldset>
      </Form>
      <section className="card" data-testid="panel-scores">
        <h2 className="text-lg font-semibold">{t("review.panelScores")}</h2>
        {d.others === null ? (
          <p className="text-sm text-slate-700">{t("review.othersHidden")}</p>
        ) : d.others.length === 0 ? (
          <p className="text-sm text-slate-700">{t("review.noOthers")}</p>
        ) : (
          <ul className="mt-2 space-y-2 text-sm">
            {d.others.map((o) => (
              <li key={o.name}>
                <strong>{o.name}</strong>: {o.weighted?.toFixed(2)} {o.comment ? `— ${o.comment}` : ""}
              </li>
            ))}
          </ul>
        )}
      </section>
      <Link to={`/review/${d.slug}`} className="link">
        {t("review.backToQueue")}
      </Link>
    </div>
  );
}
