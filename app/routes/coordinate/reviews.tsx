import { useTranslation } from "react-i18next";
import { data, Form, Link } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/reviews";
import { Notice, Alert } from "../../components/form.tsx";
import { getLocale } from "../../lib/i18n.server.ts";
import { requirePanelCoordinator } from "../../lib/panel.server.ts";
import { readForm } from "../../lib/respond.server.ts";
import { getRuntime, serviceEnv } from "../../lib/runtime.server.ts";
import { panelOf } from "../../../db/repositories/memberships.ts";
import { assignmentsOf, autoAssign, setAssignment } from "../../services/panels.server.ts";
import { rubricFor } from "../../services/rubrics.server.ts";

/** Panel set-up for the open stage: rubric, assignment (automatic, then by hand), conflicts, progress. */
export async function loader({ context, url, params }: Route.LoaderArgs) {
  const { panel } = await requirePanelCoordinator(context, url, params.slug);
  const { db } = getRuntime();
  const locale = getLocale(context);
  const reviewers = await panelOf(db, panel.program.id, panel.cityId, "reviewer");
  const stage = panel.stage;
  const proposals = panel.proposalIds.length ? await db.selectFrom("proposals").select(["id", "title"]).where("id", "in", panel.proposalIds).execute() : [];
  const assignments = stage ? await assignmentsOf(db, panel, stage) : [];
  const reviews = stage && panel.proposalIds.length ? await db.selectFrom("reviews").select(["proposal_id", "reviewer_id", "status"]).where("stage", "=", stage).where("panel_city_id", "=", panel.cityId).where("proposal_id", "in", panel.proposalIds).execute() : [];
  const conflicts = panel.proposalIds.length
    ? await db.selectFrom("conflict_declarations").innerJoin("users", "users.id", "conflict_declarations.reviewer_id").select(["conflict_declarations.proposal_id", "conflict_declarations.reviewer_id", "users.name", "conflict_declarations.conflicted", "conflict_declarations.kind", "conflict_declarations.note", "conflict_declarations.declared_at"]).where("conflict_declarations.proposal_id", "in", panel.proposalIds).execute()
    : [];
  const log = await db.selectFrom("audit_log").selectAll().where("program_id", "=", panel.program.id).where("city_id", "=", panel.cityId).orderBy("at", "desc").limit(30).execute();
  const rubric = stage ? await rubricFor(db, panel.program.id, panel.cityId, stage) : null;
  return {
    slug: panel.program.slug,
    stage,
    reviewers: reviewers.map((r) => ({ id: r.id, name: r.name })),
    proposals: proposals.map((p) => ({ id: p.id, title: p.title })),
    assigned: assignments.map((a) => `${a.proposal_id}:${a.reviewer_id}`),
    submitted: reviews.filter((r) => r.status === "submitted").map((r) => `${r.proposal_id}:${r.reviewer_id}`),
    conflicts: conflicts.filter((c) => c.conflicted).map((c) => ({ proposal: proposals.find((p) => p.id === c.proposal_id)?.title ?? "", reviewer: c.name, kind: c.kind, note: c.note, key: `${c.proposal_id}:${c.reviewer_id}` })),
    conflicted: conflicts.filter((c) => c.conflicted).map((c) => `${c.proposal_id}:${c.reviewer_id}`),
    rubric: rubric ? { scaleMax: rubric.scaleMax, criteria: rubric.criteria.map((c) => ({ key: c.key, weight: c.weight, label: c.labels[locale] ?? c.labels.en })) } : null,
    log: log.map((l) => ({ id: l.id, action: l.action, at: l.at, detail: l.detail })),
  };
}

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("auto"), perProposal: z.coerce.number().int().min(1).max(20), cap: z.coerce.number().int().min(1).max(500) }),
  z.object({ intent: z.enum(["assign", "unassign"]), proposalId: z.string().max(64), reviewerId: z.string().max(64) }),
]);

export async function action({ request, context, url, params }: Route.ActionArgs) {
  const { user, panel } = await requirePanelCoordinator(context, url, params.slug);
  const parsed = schema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ error: "errors.field.invalid", added: null }, { status: 400 });
  const env = serviceEnv();
  if (parsed.data.intent === "auto") return { error: null, added: await autoAssign(env, user, panel, parsed.data) };
  const result = await setAssignment(env, user, panel, parsed.data.proposalId, parsed.data.reviewerId, parsed.data.intent === "assign");
  if (!result.ok) return data({ error: `errors.review.${result.error}`, added: null }, { status: 400 });
  return { error: null, added: null };
}

export default function Reviews({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const d = loaderData;
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("panelSetup.title")}</h1>
      {d.stage ? <p className="text-slate-700">{t(`review.stage.${d.stage}`)}</p> : <p>{t("review.queue.closed")}</p>}
      {actionData?.error ? (
        <Alert>
          {t(actionData.error)}
        </Alert>
      ) : null}
      {actionData?.added !== null && actionData?.added !== undefined ? <Notice tone="success">{t("panelSetup.added", { count: actionData.added })}</Notice> : null}
      {d.rubric ? (
        <section className="card">
          <h2 className="text-lg font-semibold">{t("panelSetup.rubric", { max: d.rubric.scaleMax })}</h2>
          <Link to={`/coordinate/${d.slug}/rubric`} className="link text-sm">
            {t("rubric.title")}
          </Link>
          <ul className="mt-2 text-sm">
            {d.rubric.criteria.map((c) => (
              <li key={c.key}>
                {c.label} — {Math.round(c.weight * 100)}%
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {d.stage ? (
        <Form method="post" className="card flex flex-wrap items-end gap-3">
          <input type="hidden" name="intent" value="auto" />
          <div>
            <label htmlFor="perProposal" className="field-label">
              {t("panelSetup.perProposal")}
            </label>
            <input id="perProposal" name="perProposal" type="number" min={1} max={20} defaultValue={Math.min(3, d.reviewers.length || 1)} className="field-input w-24" />
          </div>
          <div>
            <label htmlFor="cap" className="field-label">
              {t("panelSetup.cap")}
            </label>
            <input id="cap" name="cap" type="number" min={1} max={500} defaultValue={Math.max(1, Math.ceil((d.proposals.length * 3) / Math.max(1, d.reviewers.length)))} className="field-input w-24" />
          </div>
          <button type="submit" className="btn-primary">
            {t("panelSetup.autoAssign")}
          </button>
        </Form>
      ) : null}
      {d.stage && d.proposals.length > 0 ? (
        <section className="card overflow-x-auto">
          <h2 className="text-lg font-semibold">{t("panelSetup.grid")}</h2>
          <table className="table-basic mt-2" data-testid="assignment-grid">
            <thead>
              <tr>
                <th scope="col">{t("review.ranking.proposal")}</th>
                {d.reviewers.map((r) => (
                  <th key={r.id} scope="col">
                    {r.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {d.proposals.map((p) => (
                <tr key={p.id}>
                  <th scope="row" className="font-medium">
                    {p.title}
                  </th>
                  {d.reviewers.map((r) => {
                    const key = `${p.id}:${r.id}`;
                    const on = d.assigned.includes(key);
                    const conflicted = d.conflicted.includes(key);
                    return (
                      <td key={r.id}>
                        {conflicted ? (
                          <span className="text-xs font-semibold text-red-800">{t("panelSetup.conflict")}</span>
                        ) : (
                          <Form method="post">
                            <input type="hidden" name="intent" value={on ? "unassign" : "assign"} />
                            <input type="hidden" name="proposalId" value={p.id} />
                            <input type="hidden" name="reviewerId" value={r.id} />
                            <button type="submit" className={on ? "btn-secondary px-2 py-1" : "px-2 py-1 text-sm text-slate-500 underline"} aria-pressed={on}>
                              {on ? (d.submitted.includes(key) ? t("panelSetup.done") : t("panelSetup.assigned")) : t("panelSetup.assign")}
                            </button>
                          </Form>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <section className="card">
        <h2 className="text-lg font-semibold">{t("panelSetup.conflicts")}</h2>
        {d.conflicts.length === 0 ? (
          <p className="text-sm">{t("panelSetup.noConflicts")}</p>
        ) : (
          <ul className="mt-2 text-sm" data-testid="conflicts">
            {d.conflicts.map((c) => (
              <li key={c.key}>
                {c.reviewer} — {c.proposal} ({t(`review.conflict.kinds.${c.kind ?? "other"}`)}){c.note ? `: ${c.note}` : ""}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card">
        <h2 className="text-lg font-semibold">{t("panelSetup.log")}</h2>
        <ul className="mt-2 space-y-1 text-xs text-slate-700">
          {d.log.map((l) => (
            <li key={l.id}>
              {l.at} — {l.action} {l.detail}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
