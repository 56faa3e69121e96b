import { useTranslation } from "react-i18next";
import { EditOrRemove } from "../../components/edit-or-remove.tsx";
import { data, Form } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/topics";
import { Notice, Alert } from "../../components/form.tsx";
import { TOPIC_ANSWERS } from "../../lib/coordinator-console.ts";
import { getLocale } from "../../lib/i18n.server.ts";
import { localized } from "../../lib/locales.ts";
import { readForm } from "../../lib/respond.server.ts";
import { getRuntime, serviceEnv } from "../../lib/runtime.server.ts";
import { refusal, requireCoordinatorScope } from "../../services/console-access.server.ts";
import { addTopic, answerTopic, approveTopics, editTopic, removeTopic, topicsView, type TopicRow } from "../../services/topics.server.ts";

export async function loader({ context, url, params }: Route.LoaderArgs) {
  const scope = await requireCoordinatorScope(context, url, params.slug);
  const locale = getLocale(context);
  const view = await topicsView(getRuntime().db, scope.program, scope.city);
  const name = (id: string) => localized((id === scope.program.city_a_id ? scope.program.cityA : scope.program.cityB).names, locale);
  return { slug: scope.program.slug, title: localized(scope.program.titles, locale), city: scope.city, partner: scope.partner, cityNames: { [scope.city]: name(scope.city), [scope.partner]: name(scope.partner) }, view };
}

const text = (max: number) => z.string().trim().min(1).max(max);
const topicSchema = z.object({ titleEn: text(200), titleFr: text(200), titleZh: text(200), rationale: text(2000) });
const schema = z.discriminatedUnion("intent", [
  topicSchema.extend({ intent: z.literal("add") }),
  topicSchema.extend({ intent: z.literal("edit"), id: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("remove"), id: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("answer"), id: z.string().min(1).max(64), status: z.enum(TOPIC_ANSWERS), comment: z.string().trim().max(2000).optional() }),
  z.object({ intent: z.literal("approve") }),
]);

export async function action({ request, context, url, params }: Route.ActionArgs) {
  // Who is asking comes before reading what they sent: an outsider never gets a validation answer.
  await requireCoordinatorScope(context, url, params.slug);
  const form = await readForm(request);
  const city = form.get("city");
  const scope = await requireCoordinatorScope(context, url, params.slug, typeof city === "string" && city ? city : null);
  const parsed = schema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data({ error: "coordConsole.errors.invalid", done: null }, { status: 400 });
  const env = serviceEnv();
  const { program, actor } = scope;
  const input = (d: z.infer<typeof topicSchema>) => ({ titles: { en: d.titleEn, fr: d.titleFr, "zh-TW": d.titleZh }, rationale: d.rationale });
  const d = parsed.data;
  const outcome =
    d.intent === "add"
      ? await addTopic(env, program, scope.city, actor, input(d))
      : d.intent === "edit"
        ? await editTopic(env, program, scope.city, actor, d.id, input(d))
        : d.intent === "remove"
          ? await removeTopic(env, program, scope.city, actor, d.id)
          : d.intent === "answer"
            ? await answerTopic(env, program, scope.city, actor, d.id, { status: d.status, comment: d.comment ?? null })
            : await approveTopics(env, program, scope.city, actor);
  if (!outcome.ok) return refusal(outcome);
  const done = "agreed" in outcome && outcome.agreed ? "coordConsole.topics.agreed" : d.intent === "approve" ? "coordConsole.topics.approved" : "coordConsole.topics.saved";
  return { error: null, done };
}

function TopicFields({ topic, idPrefix }: { topic?: TopicRow; idPrefix: string }) {
  const { t } = useTranslation();
  const fields = [
    ["titleEn", "coordConsole.topics.titleEn", topic?.titles.en],
    ["titleFr", "coordConsole.topics.titleFr", topic?.titles.fr],
    ["titleZh", "coordConsole.topics.titleZh", topic?.titles["zh-TW"]],
  ] as const;
  return (
    <>
      {fields.map(([name, label, value]) => (
        <div key={name}>
          <label htmlFor={`${idPrefix}-${name}`} className="field-label">
            {t(label)}
          </label>
          <input id={`${idPrefix}-${name}`} name={name} defaultValue={value ?? ""} required maxLength={200} className="field-input" />
        </div>
      ))}
      <div>
        <label htmlFor={`${idPrefix}-rationale`} className="field-label">
          {t("coordConsole.topics.rationale")}
        </label>
        <textarea id={`${idPrefix}-rationale`} name="rationale" defaultValue={topic?.rationale ?? ""} required maxLength={2000} rows={2} className="field-input" />
      </div>
    </>
  );
}

export default function Topics({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const { view, city, partner, cityNames } = loaderData;
  const lang = i18n.language as "en" | "fr" | "zh-TW";
  const titleOf = (topic: TopicRow) => topic.titles[lang] || topic.titles.en;
  const ours = view.topics.filter((x) => x.city === city);
  const theirs = view.topics.filter((x) => x.city === partner);
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-600">{loaderData.title}</p>
        <h1 className="page-title">{t("coordConsole.topics.title")}</h1>
        <p className="mt-2 text-slate-700">{t("coordConsole.topics.intro")}</p>
      </div>
      {actionData?.error ? (
        <Alert testId="topics-error">
          {t(actionData.error)}
        </Alert>
      ) : null}
      {actionData?.done ? <Notice tone="success">{t(actionData.done)}</Notice> : null}
      <section className="card space-y-2" data-testid="topics-status">
        <p data-testid="list-version">{t("coordConsole.topics.listVersion", { version: view.listVersion })}</p>
        <p data-testid="approved-by">{view.approvedBy.length ? t("coordConsole.topics.approvedBy", { cities: view.approvedBy.map((c) => cityNames[c] ?? c).join(", ") }) : t("coordConsole.topics.nobodyApproved")}</p>
        {!view.open ? <p>{t("coordConsole.topics.closed")}</p> : null}
        {view.open ? (
          <Form method="post">
            <input type="hidden" name="intent" value="approve" />
            <button type="submit" className="btn-primary" disabled={view.approveBlockers.length > 0}>
              {t("coordConsole.topics.approve")}
            </button>
            {view.approveBlockers.length > 0 ? (
              <ul className="mt-2 list-disc pl-5 text-sm text-slate-700" data-testid="approve-blockers">
                {view.approveBlockers.map((b) => (
                  <li key={b}>{t(b)}</li>
                ))}
              </ul>
            ) : null}
          </Form>
        ) : null}
      </section>

      <section className="card space-y-3">
        <h2 className="text-lg font-semibold">{t("coordConsole.topics.ours")}</h2>
        {ours.length === 0 ? <p className="text-sm">{t("coordConsole.topics.none")}</p> : null}
        <ul className="space-y-3" data-testid="own-topics">
          {ours.map((topic) => (
            <li key={topic.id} className="rounded border border-slate-200 p-3" data-testid="topic" data-topic-id={topic.id}>
              <h3 className="font-semibold">{titleOf(topic)}</h3>
              <p className="text-sm text-slate-700">{topic.rationale}</p>
              <p className="mt-1 text-sm" data-testid="partner-answer">
                {t("coordConsole.topics.partnerAnswer", { city: cityNames[partner] })}: <strong>{t(`coordConsole.topics.answers.${topic.partnerStatus}`)}</strong>
                {topic.partnerComment ? ` — ${topic.partnerComment}` : ""}
              </p>
              <p className="text-xs text-slate-600" data-testid="topic-status">{t(`coordConsole.topics.statuses.${topic.status}`, { defaultValue: topic.status })}</p>
              {view.open ? (
                <EditOrRemove id={topic.id} editLabel={t("coordConsole.topics.edit")} saveLabel={t("coordConsole.topics.save")} removeLabel={t("coordConsole.topics.remove")}>
                  <TopicFields topic={topic} idPrefix={`edit-${topic.id}`} />
                </EditOrRemove>
              ) : null}
            </li>
          ))}
        </ul>
        {view.open ? (
          <Form method="post" className="space-y-2 border-t border-slate-200 pt-3" data-testid="add-topic">
            <h3 className="font-semibold">{t("coordConsole.topics.add")}</h3>
            <input type="hidden" name="intent" value="add" />
            <TopicFields idPrefix="new" />
            <button type="submit" className="btn-primary">
              {t("coordConsole.topics.add")}
            </button>
          </Form>
        ) : null}
      </section>

      <section className="card space-y-3">
        <h2 className="text-lg font-semibold">{t("coordConsole.topics.theirs", { city: cityNames[partner] })}</h2>
        {theirs.length === 0 ? <p className="text-sm">{t("coordConsole.topics.none")}</p> : null}
        <ul className="space-y-3" data-testid="partner-topics">
          {theirs.map((topic) => (
            <li key={topic.id} className="rounded border border-slate-200 p-3" data-testid="topic" data-topic-id={topic.id}>
              <h3 className="font-semibold">{titleOf(topic)}</h3>
              <p className="text-sm text-slate-700">{topic.rationale}</p>
              <p className="text-xs text-slate-600" data-testid="topic-status">{t(`coordConsole.topics.statuses.${topic.status}`, { defaultValue: topic.status })}</p>
              {view.open ? (
                <Form method="post" className="mt-2 flex flex-wrap items-end gap-2">
                  <input type="hidden" name="intent" value="answer" />
                  <input type="hidden" name="id" value={topic.id} />
                  <div>
                    <label htmlFor={`answer-${topic.id}`} className="field-label">
                      {t("coordConsole.topics.answer")}
                    </label>
                    <select id={`answer-${topic.id}`} name="status" defaultValue={topic.partnerStatus} className="field-input">
                      {TOPIC_ANSWERS.map((a) => (
                        <option key={a} value={a}>
                          {t(`coordConsole.topics.answers.${a}`)}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="grow">
                    <label htmlFor={`comment-${topic.id}`} className="field-label">
                      {t("coordConsole.topics.comment")}
                    </label>
                    <input id={`comment-${topic.id}`} name="comment" defaultValue={topic.partnerComment ?? ""} maxLength={2000} className="field-input" />
                  </div>
                  <button type="submit" className="btn-secondary">
                    {t("coordConsole.topics.sendAnswer")}
                  </button>
                </Form>
              ) : (
                <p className="text-sm">
                  {t(`coordConsole.topics.answers.${topic.partnerStatus}`)}
                  {topic.partnerComment ? ` — ${topic.partnerComment}` : ""}
                </p>
              )}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
