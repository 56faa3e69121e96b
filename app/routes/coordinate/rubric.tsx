import { useTranslation } from "react-i18next";
import { data, Form } from "react-router";
import type { Route } from "./+types/rubric";
import { Notice, Alert } from "../../components/form.tsx";
import { requirePanelCoordinator } from "../../lib/panel.server.ts";
import { readForm } from "../../lib/respond.server.ts";
import { getRuntime, serviceEnv } from "../../lib/runtime.server.ts";
import { MAX_CRITERIA, RUBRIC_LOCALES } from "../../lib/rubric-rules.ts";
import { buildRubric, rubricFor, rubricLocked, saveRubric, type ReviewStage } from "../../services/rubrics.server.ts";

const STAGES: ReviewStage[] = ["shortlist", "pick"];

/** Each panel's rubric per stage: criteria, weights, scale, and their texts in the three languages. */
export async function loader({ context, url, params }: Route.LoaderArgs) {
  const { panel } = await requirePanelCoordinator(context, url, params.slug);
  const { db } = getRuntime();
  const rubrics = await Promise.all(
    STAGES.map(async (stage) => ({ stage, rubric: await rubricFor(db, panel.program.id, panel.cityId, stage), locked: await rubricLocked(db, panel.program.id, panel.cityId, stage) })),
  );
  return { slug: panel.program.slug, rubrics, saved: url.searchParams.get("saved") };
}

export async function action({ request, context, url, params }: Route.ActionArgs) {
  const { panel } = await requirePanelCoordinator(context, url, params.slug);
  const form = await readForm(request);
  const stage = form.get("stage");
  if (stage !== "shortlist" && stage !== "pick") return data({ error: "errors.field.invalid", stage: null }, { status: 400 });
  const env = serviceEnv();
  if (await rubricLocked(env.db, panel.program.id, panel.cityId, stage)) return data({ error: "errors.rubric.locked", stage }, { status: 409 });
  const text = (name: string, max = 500) => String(form.get(name) ?? "").trim().slice(0, max);
  const rows = Array.from({ length: MAX_CRITERIA }, (_, i) => ({
    key: text(`key.${i}`, 40).replace(/[^a-zA-Z0-9_-]/g, ""),
    weight: Number(text(`weight.${i}`, 10) || "0"),
    labels: Object.fromEntries(RUBRIC_LOCALES.map((l) => [l, text(`label.${i}.${l}`, 120)])),
    descriptions: Object.fromEntries(RUBRIC_LOCALES.map((l) => [l, text(`description.${i}.${l}`)])),
  }));
  const rubric = buildRubric(rows, Number(text("scaleMax", 3)));
  if (typeof rubric === "string") return data({ error: `errors.rubric.${rubric}`, stage }, { status: 400 });
  await saveRubric(env.db, panel.program.id, panel.cityId, stage, rubric, env.now.toISOString());
  return { error: null, stage };
}

export default function RubricPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("rubric.title")}</h1>
      <p className="text-slate-700">{t("rubric.intro")}</p>
      {/* A form that names no stage belongs to neither stage's form: its error is said here. */}
      {actionData?.error && !actionData.stage ? <Alert>{t(actionData.error)}</Alert> : null}
      {loaderData.rubrics.map(({ stage, rubric, locked }) => (
        <Form method="post" key={stage} className="card space-y-4" data-testid={`rubric-${stage}`}>
          <h2 className="text-lg font-semibold">{t(`review.stage.${stage}`)}</h2>
          {actionData?.stage === stage && actionData.error ? (
            <Alert>
              {t(actionData.error)}
            </Alert>
          ) : null}
          {actionData?.stage === stage && !actionData.error ? <Notice tone="success">{t("rubric.saved")}</Notice> : null}
          {locked ? <Notice tone="warning">{t("errors.rubric.locked")}</Notice> : null}
          <input type="hidden" name="stage" value={stage} />
          <fieldset disabled={locked} className="space-y-4">
            <div>
              <label htmlFor={`scale-${stage}`} className="field-label">
                {t("rubric.scaleMax")}
              </label>
              <input id={`scale-${stage}`} name="scaleMax" type="number" min={3} max={10} defaultValue={rubric.scaleMax} className="field-input w-24" />
            </div>
            {Array.from({ length: Math.min(MAX_CRITERIA, rubric.criteria.length + 1) }, (_, i) => {
              const c = rubric.criteria[i];
              return (
                <fieldset key={i} className="rounded-md border border-slate-200 p-3">
                  <legend className="px-1 text-sm font-semibold">{c ? t("rubric.criterion", { n: i + 1 }) : t("rubric.newCriterion")}</legend>
                  <input type="hidden" name={`key.${i}`} defaultValue={c?.key ?? ""} />
                  <div className="grid gap-3 sm:grid-cols-4">
                    <div>
                      <label htmlFor={`w-${stage}-${i}`} className="field-label">
                        {t("rubric.weight")}
                      </label>
                      <input id={`w-${stage}-${i}`} name={`weight.${i}`} type="number" min={0} max={100} step="any" defaultValue={c ? Math.round(c.weight * 1000) / 10 : ""} className="field-input" />
                    </div>
                    {RUBRIC_LOCALES.map((l) => (
                      <div key={l}>
                        <label htmlFor={`l-${stage}-${i}-${l}`} className="field-label">
                          {t("rubric.label", { language: l })}
                        </label>
                        <input id={`l-${stage}-${i}-${l}`} name={`label.${i}.${l}`} lang={l} maxLength={120} defaultValue={c?.labels[l] ?? ""} className="field-input" />
                        <label htmlFor={`d-${stage}-${i}-${l}`} className="mt-2 block text-xs text-slate-700">
                          {t("rubric.description", { language: l })}
                        </label>
                        <textarea id={`d-${stage}-${i}-${l}`} name={`description.${i}.${l}`} lang={l} rows={2} maxLength={500} defaultValue={c?.descriptions[l] ?? ""} className="field-input text-sm" />
                      </div>
                    ))}
                  </div>
                </fieldset>
              );
            })}
            <p className="text-xs text-slate-600">{t("rubric.hint")}</p>
            <button type="submit" className="btn-primary">
              {t("rubric.save")}
            </button>
          </fieldset>
        </Form>
      ))}
    </div>
  );
}
