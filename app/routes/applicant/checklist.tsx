import { useTranslation } from "react-i18next";
import { data, Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/checklist";
import { Notice, Alert } from "../../components/form.tsx";
import { StateBadge } from "../../components/state-badge.tsx";
import { notFound, requireUser } from "../../lib/auth.server.ts";
import { CHECKLIST_EDITABLE_STATES, CHECKLIST_ITEMS, CHECKLIST_STATUSES, OUTGOING_STATES, type ChecklistItem } from "../../lib/checklist.ts";
import { readForm } from "../../lib/respond.server.ts";
import { getRuntime, serviceEnv } from "../../lib/runtime.server.ts";
import { checklistOf, saveChecklist } from "../../services/predeparture.server.ts";
import { proposalOfMember } from "../../services/proposals.server.ts";

/** The team's own proposal, once it travels; anyone else (or earlier) gets 404. */
async function outgoingProposal(proposalId: string, userId: string) {
  const proposal = await proposalOfMember(getRuntime().db, proposalId, userId);
  if (!proposal || !(OUTGOING_STATES as readonly string[]).includes(proposal.state)) notFound();
  return proposal;
}

export async function loader({ context, url, params }: Route.LoaderArgs) {
  const user = requireUser(context, url);
  const proposal = await outgoingProposal(params.proposalId, user.id);
  return {
    id: proposal.id,
    title: proposal.title,
    state: proposal.state,
    editable: (CHECKLIST_EDITABLE_STATES as readonly string[]).includes(proposal.state),
    checklist: await checklistOf(getRuntime().db, proposal.id),
  };
}

const entry = z.object({ status: z.enum(CHECKLIST_STATUSES), value: z.string().max(1000).optional() });
const schema = z.object(Object.fromEntries(CHECKLIST_ITEMS.map((item) => [item, entry])) as Record<ChecklistItem, typeof entry>);

export async function action({ request, context, url, params }: Route.ActionArgs) {
  const user = requireUser(context, url);
  const proposal = await outgoingProposal(params.proposalId, user.id);
  const form = await readForm(request);
  const raw = Object.fromEntries(CHECKLIST_ITEMS.map((item) => [item, { status: form.get(`${item}.status`) ?? undefined, value: form.get(`${item}.value`) ?? undefined }]));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return data({ error: "checklist.errors.invalid", item: null, saved: false, completed: false }, { status: 400 });
  const entries = Object.fromEntries(CHECKLIST_ITEMS.map((item) => [item, { status: parsed.data[item].status, value: parsed.data[item].value ?? null }])) as Record<ChecklistItem, { status: (typeof CHECKLIST_STATUSES)[number]; value: string | null }>;
  const result = await saveChecklist(serviceEnv(), user, proposal, entries);
  if (!result.ok) {
    if (result.error.code === "value-required") return data({ error: "checklist.errors.valueRequired", item: result.error.item, saved: false, completed: false }, { status: 400 });
    if (result.error.code === "conflict") return data({ error: "errors.workflow.conflict", item: null, saved: false, completed: false }, { status: 409 });
    return data({ error: "checklist.errors.notAllowed", item: null, saved: false, completed: false }, { status: 400 });
  }
  return { error: null, item: null, saved: true, completed: result.completed };
}

export default function ChecklistPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const d = loaderData;
  const error = actionData?.error ?? null;
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <header className="space-y-2">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="page-title">{t("checklist.title")}</h1>
          <StateBadge state={d.state} />
        </div>
        <p className="text-sm text-slate-600">{d.title}</p>
      </header>
      <p className="text-slate-700">{t("checklist.intro")}</p>
      <p className="text-sm text-slate-700">{t("checklist.sharedWithHost")}</p>
      {error ? (
        <Alert>
          {t(error, { item: actionData?.item ? t(`checklist.item.${actionData.item}`) : "" })}
        </Alert>
      ) : null}
      {actionData?.completed ? <Notice tone="success">{t("checklist.completed")}</Notice> : actionData?.saved ? <Notice tone="success">{t("checklist.saved")}</Notice> : null}
      {!d.editable ? <p data-testid="checklist-readonly">{t("checklist.readOnly")}</p> : null}
      <Form method="post" className="space-y-4" data-testid="checklist-form">
        {CHECKLIST_ITEMS.map((item) => {
          const entry = d.checklist[item];
          const label = t(`checklist.item.${item}`);
          return (
            <fieldset key={item} className="card space-y-2" disabled={!d.editable} data-testid={`checklist-${item}`}>
              <legend className="font-semibold">{label}</legend>
              <div role="radiogroup" aria-label={t("checklist.statusLegend", { item: label })} className="flex flex-wrap gap-4">
                {CHECKLIST_STATUSES.map((status) => (
                  <label key={status} className="flex items-center gap-2 text-sm">
                    <input type="radio" name={`${item}.status`} value={status} defaultChecked={entry.status === status} />
                    {t(`checklist.statusName.${status}`)}
                  </label>
                ))}
              </div>
              <div>
                <label htmlFor={`${item}-value`} className="field-label">
                  {t("checklist.value", { item: label })}
                </label>
                <textarea id={`${item}-value`} name={`${item}.value`} rows={item === "arrival" ? 3 : 1} maxLength={1000} defaultValue={entry.value ?? ""} className="field-input" />
              </div>
            </fieldset>
          );
        })}
        {d.editable ? (
          <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
            {t("checklist.save")}
          </button>
        ) : null}
      </Form>
      <Link to={`/applicant/proposals/${d.id}`} className="link">
        {t("checklist.back")}
      </Link>
    </div>
  );
}
