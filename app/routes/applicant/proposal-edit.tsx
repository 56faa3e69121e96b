import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { data, Form, Link, redirect, useFetcher, useNavigation } from "react-router";
import type { Route } from "./+types/proposal-edit";
import { Notice } from "../../components/form.tsx";
import { ProposalHeader } from "../../components/proposal-header.tsx";
import { notFound, requireUser } from "../../lib/auth.server.ts";
import { formatDateTime } from "../../lib/format.ts";
import { getLocale } from "../../lib/i18n.server.ts";
import { localized } from "../../lib/locales.ts";
import { getRuntime, serviceEnv } from "../../lib/runtime.server.ts";
import { findProgramById } from "../../../db/repositories/programs.ts";
import { TEXT_LIMITS } from "../../lib/proposal-fields.ts";
import { discardUpload, proposalSchema, readProposalForm, type ProposalForm } from "../../services/proposal-form.server.ts";
import {
  applicationVersion,
  attachDeck,
  callWindowOf,
  CONTENT_FIELDS,
  isPastDeadline,
  missingFields,
  parseContent,
  proposalOfMember,
  saveProposal,
  saveAndSubmit,
  type ProposalError,
} from "../../services/proposals.server.ts";

export async function loader({ context, url, params }: Route.LoaderArgs) {
  const user = requireUser(context, url);
  const { db, clock } = getRuntime();
  const proposal = await proposalOfMember(db, params.proposalId, user.id);
  if (!proposal) notFound();
  const locale = getLocale(context);
  const program = (await findProgramById(db, proposal.program_id))!;
  const city = program.cityA.id === proposal.city_id ? program.cityA : program.cityB;
  const window = await callWindowOf(db, program.id, proposal.city_id);
  const topics = await db.selectFrom("topics").select(["id", "titles", "status"]).where("program_id", "=", program.id).orderBy("position").execute();
  const agreed = topics.filter((t) => t.status === "agreed");
  const team = await db.selectFrom("teams").select("name").where("id", "=", proposal.team_id).executeTakeFirstOrThrow();
  return {
    id: proposal.id,
    state: proposal.state,
    title: proposal.title,
    topicId: proposal.topic_id,
    content: parseContent(proposal.content),
    deck: proposal.deck_key ? { name: proposal.deck_name ?? "deck.pdf", size: proposal.deck_size ?? 0 } : null,
    missing: missingFields(proposal),
    submittedVersion: proposal.submitted_version,
    version: await applicationVersion(db, proposal.id),
    program: localized(program.titles, locale),
    team: team.name,
    homeLanguage: city.default_locale,
    topics: (agreed.length ? agreed : topics).map((t) => ({ id: t.id, title: localized(t.titles, locale) })),
    deadline: window?.closesAt ?? null,
    closed: isPastDeadline(window, clock.now()),
    timeZone: user.time_zone ?? city.time_zone,
    cityTimeZone: city.time_zone,
    cityName: localized(city.names, locale),
    saved: url.searchParams.get("saved") === "1",
    editable: proposal.state === "draft" || proposal.state === "submitted",
  };
}

type ActionResult = { ok: boolean; intent: string; error?: string; closesAt?: string; missing?: string[]; fieldErrors?: Record<string, string[]>; values?: Record<string, string>; savedAt?: string };

export async function action({ request, context, url, params }: Route.ActionArgs) {
  const user = requireUser(context, url);
  const env = serviceEnv();
  const proposal = await proposalOfMember(env.db, params.proposalId, user.id);
  if (!proposal) notFound();
  const parsed = await readProposalForm(request, proposal);
  if (!parsed.ok) return data<ActionResult>({ ok: false, intent: "save", error: parsed.error }, { status: 400 });
  const raw = Object.fromEntries([...parsed.formData.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>;
  const checked = proposalSchema.safeParse(raw);
  const values = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v.slice(0, 20_000)]));
  if (!checked.success) {
    await discardUpload(parsed.deck?.key);
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of checked.error.issues) (fieldErrors[String(issue.path[0])] ??= []).push(issue.message);
    return data<ActionResult>({ ok: false, intent: raw.intent ?? "save", error: "errors.form.fixFields", fieldErrors, values }, { status: 400 });
  }
  const form = checked.data as ProposalForm;
  const content = Object.fromEntries(CONTENT_FIELDS.map((f) => [f, form[f]])) as unknown as ProposalForm;
  if (form.intent === "submit") {
    const submitted = await saveAndSubmit(env, user, proposal, { title: form.title, topicId: form.topicId, content, deck: parsed.deck }, form.version ?? 0);
    if (!submitted.savedDraft) await discardUpload(parsed.deck?.key);
    else if (parsed.deck) await discardReplacedDeck(env.db, proposal.deck_key, parsed.deck.key);
    if (!submitted.ok) {
      // A second click of the same form: the first one already went through.
      if (submitted.error.code === "conflict" && (await proposalOfMember(env.db, proposal.id, user.id))!.submitted_version > 0) throw redirect(`/applicant/proposals/${proposal.id}?submitted=1`);
      return failure(form.intent, submitted.error, values);
    }
    throw redirect(`/applicant/proposals/${proposal.id}?submitted=${submitted.value}`);
  }
  const saved = await saveProposal(env, proposal, { title: form.title, topicId: form.topicId, content });
  if (!saved.ok) {
    await discardUpload(parsed.deck?.key);
    return failure(form.intent, saved.error, values);
  }
  if (parsed.deck) {
    const attached = await attachDeck(env, proposal, parsed.deck);
    if (!attached.ok) {
      await discardUpload(parsed.deck.key);
      return failure(form.intent, attached.error, values);
    }
    await discardReplacedDeck(env.db, proposal.deck_key, parsed.deck.key);
  }
  if (form.intent === "autosave") return { ok: true, intent: "autosave", savedAt: env.now.toISOString() } satisfies ActionResult;
  throw redirect(`/applicant/proposals/${proposal.id}/edit?saved=1`);
}

/** The deck a new upload replaced goes, unless a submitted version still names it. */
async function discardReplacedDeck(db: ReturnType<typeof getRuntime>["db"], previous: string | null, current: string): Promise<void> {
  if (previous && previous !== current && !(await isKeptByVersion(db, previous))) await discardUpload(previous);
}

async function isKeptByVersion(db: ReturnType<typeof getRuntime>["db"], key: string | null): Promise<boolean> {
  if (!key) return false;
  return !!(await db.selectFrom("proposal_versions").select("version").where("deck_key", "=", key).executeTakeFirst());
}

function failure(intent: string, error: ProposalError, values: Record<string, string>) {
  const status = error.code === "conflict" ? 409 : 400;
  const body: ActionResult = { ok: false, intent, values };
  if (error.code === "deadline-passed") Object.assign(body, { error: "errors.proposal.deadlinePassed", closesAt: error.closesAt });
  else if (error.code === "not-open-yet") Object.assign(body, { error: "errors.proposal.notOpenYet", closesAt: error.opensAt });
  else if (error.code === "missing") Object.assign(body, { error: "errors.proposal.missing", missing: error.fields });
  else if (error.code === "conflict") Object.assign(body, { error: "errors.workflow.conflict" });
  else Object.assign(body, { error: "errors.proposal.notEditable" });
  return data(body, { status });
}

const LONG = new Set(["problem", "product", "traction", "team", "wants"]);

export default function EditProposal({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const navigation = useNavigation();
  const autosave = useFetcher<ActionResult>();
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // Edits since the last autosave was sent: derived, so no effect has to reset it.
  const [editCount, setEditCount] = useState(0);
  const [sentAt, setSentAt] = useState(0);
  const result = actionData as ActionResult | undefined;
  const values = result?.values;
  const fieldErrors = result?.fieldErrors ?? {};
  const submitting = navigation.state === "submitting";
  const lang = i18n.language;
  const fmt = (iso: string, tz: string) => formatDateTime(iso, tz, lang);
  const disabled = loaderData.closed || !loaderData.editable;

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  function scheduleAutosave() {
    if (disabled) return;
    const edit = editCount + 1;
    setEditCount(edit);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const form = formRef.current;
      if (!form) return;
      const fd = new FormData(form);
      fd.delete("deck");
      fd.set("intent", "autosave");
      setSentAt(edit);
      void autosave.submit(fd, { method: "post" });
    }, 1500);
  }

  const dirty = editCount > sentAt;
  const value = (name: string, fallback: string) => values?.[name] ?? fallback;
  const error = (name: string) => (fieldErrors[name]?.[0] ? t(fieldErrors[name]![0]!) : null);
  // Edits made since the last autosave was sent come first: "saved at …" must never cover unsaved text.
  const autosaveStatus =
    autosave.state !== "idle"
      ? t("proposal.autosave.saving")
      : dirty
        ? t("proposal.autosave.pending")
        : autosave.data && !autosave.data.ok
          ? t("proposal.autosave.failed", { reason: t(autosave.data.error ?? "errors.server.title") })
          : autosave.data?.ok && autosave.data.savedAt
            ? t("proposal.autosave.saved", { time: fmt(autosave.data.savedAt, loaderData.timeZone) })
            : "";

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <ProposalHeader team={loaderData.team} program={loaderData.program} title={loaderData.title} state={loaderData.state}>
        {loaderData.deadline ? (
          <p className="text-sm text-slate-800" data-testid="deadline">
            {t("proposal.deadline", { deadline: fmt(loaderData.deadline, loaderData.timeZone) })}
            {loaderData.cityTimeZone !== loaderData.timeZone ? <span className="text-slate-600"> ({t("proposal.inCity", { city: loaderData.cityName, deadline: fmt(loaderData.deadline, loaderData.cityTimeZone) })})</span> : null}
          </p>
        ) : null}
      </ProposalHeader>

      {loaderData.saved ? <Notice tone="success">{t("proposal.savedDraft")}</Notice> : null}
      {loaderData.closed ? (
        <Notice tone="warning">{t("errors.proposal.closedReadOnly", { deadline: fmt(loaderData.deadline!, loaderData.timeZone), cityDeadline: fmt(loaderData.deadline!, loaderData.cityTimeZone) })}</Notice>
      ) : null}
      {result && !result.ok && result.intent !== "autosave" ? (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800" data-testid="form-error">
          <p>
            {t(result.error ?? "errors.server.title", result.closesAt ? { deadline: fmt(result.closesAt, loaderData.timeZone), cityDeadline: fmt(result.closesAt, loaderData.cityTimeZone) } : {})}
          </p>
          {result.missing ? (
            <ul className="mt-1 list-disc pl-5">
              {result.missing.map((m) => (
                <li key={m}>{t(`proposal.fields.${m}`)}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      {loaderData.submittedVersion > 0 && loaderData.state === "submitted" && !loaderData.closed ? <Notice>{t("proposal.editingSubmitted", { version: loaderData.submittedVersion })}</Notice> : null}

      {loaderData.missing.length > 0 && !disabled ? (
        <section className="card border-amber-300 bg-amber-50" aria-labelledby="missing-heading" data-testid="missing">
          <h2 id="missing-heading" className="font-semibold text-amber-900">
            {t("proposal.missingTitle")}
          </h2>
          <ul className="mt-1 list-disc pl-5 text-sm text-amber-900">
            {loaderData.missing.map((m) => (
              <li key={m}>{t(`proposal.fields.${m}`)}</li>
            ))}
          </ul>
        </section>
      ) : null}

      <Form method="post" encType="multipart/form-data" ref={formRef} onInput={scheduleAutosave} className="space-y-6" aria-describedby="autosave-status">
        <input type="hidden" name="version" value={loaderData.version} />
        <fieldset disabled={disabled} className="space-y-6">
          <section className="card space-y-4">
            <h2 className="text-lg font-semibold">{t("proposal.sections.basics")}</h2>
            <Field name="title" label={t("proposal.fields.title")} defaultValue={value("title", loaderData.title)} error={error("title")} maxLength={TEXT_LIMITS.title} required />
            <div>
              <label htmlFor="topicId" className="field-label">
                {t("proposal.fields.topicId")} <span aria-hidden="true" className="text-red-700">*</span>
              </label>
              <select id="topicId" name="topicId" defaultValue={value("topicId", loaderData.topicId ?? "")} className="field-input">
                <option value="">{t("proposal.chooseTopic")}</option>
                {loaderData.topics.map((topic) => (
                  <option key={topic.id} value={topic.id}>
                    {topic.title}
                  </option>
                ))}
              </select>
            </div>
          </section>
          <section className="card space-y-4">
            <h2 className="text-lg font-semibold">{t("proposal.sections.summaries")}</h2>
            <Field name="summaryEn" label={t("proposal.fields.summaryEn")} hint={t("proposal.hints.summaryEn")} defaultValue={value("summaryEn", loaderData.content.summaryEn)} error={error("summaryEn")} multiline rows={3} maxLength={TEXT_LIMITS.short} required lang="en" />
            <Field name="summaryHome" label={t("proposal.fields.summaryHome")} hint={t("proposal.hints.summaryHome")} defaultValue={value("summaryHome", loaderData.content.summaryHome)} error={error("summaryHome")} multiline rows={3} maxLength={TEXT_LIMITS.short} required lang={loaderData.homeLanguage} />
          </section>
          <section className="card space-y-4">
            <h2 className="text-lg font-semibold">{t("proposal.sections.business")}</h2>
            {(["problem", "product", "traction", "team", "wants"] as const).map((f) => (
              <Field key={f} name={f} label={t(`proposal.fields.${f}`)} hint={t(`proposal.hints.${f}`)} defaultValue={value(f, loaderData.content[f])} error={error(f)} multiline rows={LONG.has(f) ? 5 : 3} maxLength={TEXT_LIMITS.long} required />
            ))}
            <Field name="preferredDates" label={t("proposal.fields.preferredDates")} hint={t("proposal.hints.preferredDates")} defaultValue={value("preferredDates", loaderData.content.preferredDates)} error={error("preferredDates")} maxLength={TEXT_LIMITS.short} />
          </section>
          <section className="card space-y-3">
            <h2 className="text-lg font-semibold">{t("proposal.fields.deck")}</h2>
            {loaderData.deck ? (
              <p className="text-sm" data-testid="deck-current">
                {t("proposal.deckCurrent")}:{" "}
                <a className="link" href={`/applicant/proposals/${loaderData.id}/deck`}>
                  {loaderData.deck.name}
                </a>{" "}
                ({Math.max(1, Math.round(loaderData.deck.size / 1024))} KB)
              </p>
            ) : null}
            <label htmlFor="deck" className="field-label">
              {loaderData.deck ? t("proposal.deckReplace") : t("proposal.deckUpload")}
            </label>
            <input id="deck" name="deck" type="file" accept="application/pdf,.pdf" className="block w-full text-sm" aria-describedby="deck-hint" />
            <p id="deck-hint" className="text-xs text-slate-600">
              {t("proposal.hints.deck")}
            </p>
          </section>
        </fieldset>
        {!disabled ? (
          <div className="sticky bottom-0 -mx-4 flex flex-wrap items-center gap-3 border-t border-slate-200 bg-white/95 px-4 py-3 backdrop-blur">
            <button type="submit" name="intent" value="save" className="btn-secondary" disabled={submitting}>
              {t("proposal.saveDraft")}
            </button>
            <button type="submit" name="intent" value="submit" className="btn-primary" disabled={submitting}>
              {loaderData.state === "submitted" ? t("proposal.resubmit") : t("proposal.submit")}
            </button>
            <span id="autosave-status" role="status" aria-live="polite" className="text-sm text-slate-600" data-testid="autosave-status">
              {autosaveStatus}
            </span>
          </div>
        ) : null}
      </Form>
      <Link to={`/applicant/proposals/${loaderData.id}`} className="link">
        {t("proposal.viewStatus")}
      </Link>
    </div>
  );
}

function Field(props: { name: string; label: string; hint?: string; defaultValue: string; error: string | null; multiline?: boolean; rows?: number; maxLength: number; required?: boolean; lang?: string }) {
  const hintId = props.hint ? `${props.name}-hint` : undefined;
  const errorId = props.error ? `${props.name}-error` : undefined;
  const common = {
    id: props.name,
    name: props.name,
    defaultValue: props.defaultValue,
    className: "field-input",
    "aria-invalid": props.error ? true : undefined,
    "aria-describedby": [hintId, errorId].filter(Boolean).join(" ") || undefined,
    lang: props.lang,
    maxLength: props.maxLength,
  };
  return (
    <div>
      <label htmlFor={props.name} className="field-label">
        {props.label}
        {props.required ? <span aria-hidden="true" className="text-red-700"> *</span> : null}
      </label>
      {props.multiline ? <textarea {...common} rows={props.rows ?? 4} /> : <input {...common} type="text" />}
      {props.hint ? (
        <p id={hintId} className="mt-1 text-xs text-slate-600">
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p id={errorId} className="field-error" role="alert">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}
