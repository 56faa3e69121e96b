import { useTranslation } from "react-i18next";
import { data, Form } from "react-router";
import type { Route } from "./+types/schedule";
import { Notice, Alert } from "../../components/form.tsx";
import { getLocale } from "../../lib/i18n.server.ts";
import { localized } from "../../lib/locales.ts";
import { readForm } from "../../lib/respond.server.ts";
import { getRuntime, serviceEnv } from "../../lib/runtime.server.ts";
import { SCHEDULE_KEYS, type ScheduleKey } from "../../../workflows/schedule.ts";
import { refusal, requireCoordinatorScope } from "../../services/console-access.server.ts";
import { scheduleView, updateCityWindows, type LocalWindow } from "../../services/schedule.server.ts";

export async function loader({ context, url, params }: Route.LoaderArgs) {
  const scope = await requireCoordinatorScope(context, url, params.slug);
  const locale = getLocale(context);
  const view = await scheduleView(getRuntime().db, scope.program, scope.city);
  const city = scope.program.city_a_id === scope.city ? scope.program.cityA : scope.program.cityB;
  return { title: localized(scope.program.titles, locale), cityName: localized(city.names, locale), view };
}

const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

export async function action({ request, context, url, params }: Route.ActionArgs) {
  // Who is asking comes before reading what they sent: an outsider never gets a validation answer.
  await requireCoordinatorScope(context, url, params.slug);
  const form = await readForm(request);
  const city = form.get("city");
  const scope = await requireCoordinatorScope(context, url, params.slug, typeof city === "string" && city ? city : null);
  const windows: Partial<Record<ScheduleKey, LocalWindow>> = {};
  for (const stage of SCHEDULE_KEYS) {
    const start = form.get(`${stage}.start`);
    const end = form.get(`${stage}.end`);
    if ((start === null || start === "") && (end === null || end === "")) continue;
    if (typeof start !== "string" || typeof end !== "string" || !LOCAL.test(start) || !LOCAL.test(end)) return data({ error: "coordConsole.schedule.errors.invalidDate", done: null }, { status: 400 });
    const graceRaw = form.get(`${stage}.grace`);
    const grace = typeof graceRaw === "string" && graceRaw.trim() !== "" ? Number(graceRaw) : null;
    if (grace !== null && !Number.isInteger(grace)) return data({ error: "coordConsole.schedule.errors.grace", done: null }, { status: 400 });
    windows[stage] = { start: start.slice(0, 16), end: end.slice(0, 16), graceMinutes: grace };
  }
  const outcome = await updateCityWindows(serviceEnv(), scope.program, scope.city, scope.actor, windows);
  if (!outcome.ok) return refusal(outcome);
  return { error: null, done: "coordConsole.schedule.saved" };
}

export default function Schedule({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { view } = loaderData;
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-600">{loaderData.title}</p>
        <h1 className="page-title">{t("coordConsole.schedule.title")}</h1>
        <p className="mt-2 text-slate-700">{t("coordConsole.schedule.intro", { city: loaderData.cityName, timeZone: view.timeZone })}</p>
      </div>
      {actionData?.error ? (
        <Alert testId="schedule-error">
          {t(actionData.error)}
        </Alert>
      ) : null}
      {actionData?.done ? <Notice tone="success">{t(actionData.done)}</Notice> : null}
      {!view.callChangeable ? <Notice tone="warning">{t("coordConsole.schedule.callLocked")}</Notice> : null}
      <Form method="post" className="card overflow-x-auto">
        <table className="table-basic" data-testid="schedule-table">
          <thead>
            <tr>
              <th scope="col">{t("coordConsole.schedule.stage")}</th>
              <th scope="col">{t("coordConsole.schedule.start")}</th>
              <th scope="col">{t("coordConsole.schedule.end")}</th>
              <th scope="col">{t("coordConsole.schedule.grace")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {view.rows.map((row) => {
              const label = t(`coordConsole.schedule.stages.${row.stage}`);
              const locked = row.stage === "call" && !view.callChangeable;
              return (
                <tr key={row.stage} data-testid={`window-${row.stage}`}>
                  <th scope="row">{label}</th>
                  <td>
                    <input type="datetime-local" name={`${row.stage}.start`} aria-label={`${label} — ${t("coordConsole.schedule.start")}`} defaultValue={row.start} readOnly={locked} required={row.start !== ""} className="field-input" />
                  </td>
                  <td>
                    <input type="datetime-local" name={`${row.stage}.end`} aria-label={`${label} — ${t("coordConsole.schedule.end")}`} defaultValue={row.end} readOnly={locked} required={row.start !== ""} className="field-input" />
                  </td>
                  <td>
                    {row.stage === "call" ? (
                      <input type="number" min={0} max={10080} name="call.grace" aria-label={`${label} — ${t("coordConsole.schedule.grace")}`} defaultValue={row.graceMinutes ?? 0} readOnly={locked} className="field-input w-24" />
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <button type="submit" className="btn-primary mt-3">
          {t("coordConsole.schedule.save")}
        </button>
      </Form>
    </div>
  );
}
