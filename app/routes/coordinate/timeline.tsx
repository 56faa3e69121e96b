import { useTranslation } from "react-i18next";
import { readForm } from "../../lib/respond.server.ts";
import { data, Form, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/timeline";
import { Notice, Alert } from "../../components/form.tsx";
import { rolesIn } from "../../lib/access.server.ts";
import { forbidden, notFound, requireUser } from "../../lib/auth.server.ts";
import { formatDateTime } from "../../lib/format.ts";
import { getLocale } from "../../lib/i18n.server.ts";
import { localized } from "../../lib/locales.ts";
import { getRuntime, serviceEnv } from "../../lib/runtime.server.ts";
import { findProgramBySlug } from "../../../db/repositories/programs.ts";
import { PROGRAM_STAGES } from "../../../workflows/program.describe.ts";
import { cancelProgram, sendProgramButton } from "../../services/program-actions.server.ts";
import { BUTTON_EVENTS } from "../../services/program-policy.ts";
import { timelineView } from "../../services/timeline.server.ts";

async function access(context: Route.LoaderArgs["context"], url: URL, slug: string) {
  const user = requireUser(context, url);
  const { db } = getRuntime();
  const program = await findProgramBySlug(db, slug);
  if (!program) notFound();
  const roles = await rolesIn(db, user, program.id);
  // The timeline is the coordinators' (and admins') view; panels and teams have their own pages.
  if (!roles.admin && roles.coordinatorOf.length === 0) forbidden();
  return { user, program, roles };
}

export async function loader({ context, url, params }: Route.LoaderArgs) {
  const { user, program, roles } = await access(context, url, params.slug);
  const { db, clock } = getRuntime();
  const locale = getLocale(context);
  const filter = {
    stage: PROGRAM_STAGES.some((s) => s.key === url.searchParams.get("stage")) ? url.searchParams.get("stage") : null,
    cityId: [program.city_a_id, program.city_b_id].includes(url.searchParams.get("city") ?? "") ? url.searchParams.get("city") : null,
    actor: url.searchParams.get("actor")?.slice(0, 254) || null,
  };
  const view = await timelineView(db, program, roles, clock.now(), filter);
  if (!view) notFound();
  const cities = [program.cityA, program.cityB].map((c) => ({ id: c.id, name: localized(c.names, locale), timeZone: c.time_zone }));
  return {
    title: localized(program.titles, locale),
    slug: program.slug,
    cities,
    view,
    filter,
    isAdmin: roles.admin,
    viewerTimeZone: user.time_zone ?? cities[0]!.timeZone,
    done: url.searchParams.get("done"),
  };
}

const buttonSchema = z.object({
  intent: z.enum(BUTTON_EVENTS),
  city: z.string().max(64).optional(),
  version: z.coerce.number().int().min(1),
});
const cancelSchema = z.object({ intent: z.literal("CANCEL_PROGRAM"), reason: z.string().trim().min(1).max(2000), version: z.coerce.number().int().min(1) });

export async function action({ request, context, url, params }: Route.ActionArgs) {
  const { user, program } = await access(context, url, params.slug);
  const form = Object.fromEntries(await readForm(request));
  const env = serviceEnv();
  const cancel = cancelSchema.safeParse(form);
  const button = buttonSchema.safeParse(form);
  let outcome;
  if (cancel.success) outcome = await cancelProgram(env, user, program, cancel.data.reason, cancel.data.version);
  else if (button.success) outcome = await sendProgramButton(env, user, program, { type: button.data.intent, city: button.data.city ?? null, expectedVersion: button.data.version });
  else return data({ error: "errors.field.invalid" }, { status: 400 });
  if (!outcome.ok) {
    if (outcome.error === "forbidden") forbidden();
    const status = outcome.error === "conflict" ? 409 : 400;
    return data({ error: outcome.error === "conflict" ? "errors.workflow.conflict" : "errors.workflow.notAllowed" }, { status });
  }
  return { done: cancel.success ? "CANCEL_PROGRAM" : button.data!.intent, error: null };
}

function statusClass(status: string) {
  return {
    done: "bg-green-100 text-green-900",
    current: "bg-brand-600 text-white",
    upcoming: "bg-slate-100 text-slate-700",
    cancelled: "bg-red-100 text-red-900",
  }[status] ?? "bg-slate-100";
}

export default function Timeline({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const navigation = useNavigation();
  const { view, cities } = loaderData;
  const cityName = (id: string | null) => cities.find((c) => c.id === id)?.name ?? id ?? "";
  const fmt = (iso: string, tz: string) => formatDateTime(iso, tz, i18n.language);
  const busy = navigation.state === "submitting";
  const error = actionData && "error" in actionData ? actionData.error : null;
  const done = actionData && "done" in actionData ? actionData.done : null;
  return (
    <div className="space-y-6">
      <header>
        <p className="text-sm text-slate-600">{t("timeline.kicker")}</p>
        <h1 className="page-title">{loaderData.title}</h1>
      </header>

      {error ? (
        <Alert testId="timeline-error">
          {t(error)}
        </Alert>
      ) : null}
      {done ? <Notice tone="success">{t("timeline.done", { action: t(`timeline.action.${done}`) })}</Notice> : null}
      {view.cancelled ? <Notice tone="warning">{t("timeline.cancelled", { reason: view.cancelled.reason })}</Notice> : null}

      <section className="grid gap-4 md:grid-cols-2">
        <div className="card" data-testid="waiting-on">
          <h2 className="text-lg font-semibold">{t("timeline.waitingOn")}</h2>
          {view.waiting.length === 0 ? (
            <p className="mt-2 text-slate-700">{t("timeline.nothingWaiting")}</p>
          ) : (
            <ul className="mt-2 space-y-1">
              {view.waiting.map((w) => (
                <li key={`${w.on}-${w.event}-${w.city}`}>
                  <strong>{w.on === "scheduler" ? t("timeline.who.scheduler") : w.on === "both" ? t("timeline.who.both") : cityName(w.on)}</strong>
                  {" — "}
                  {t(`timeline.event.${w.event}`)}
                  {w.city && w.on === "scheduler" ? ` (${cityName(w.city)})` : ""}
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="card" data-testid="next-actions">
          <h2 className="text-lg font-semibold">{t("timeline.nextActions")}</h2>
          {view.actions.length === 0 ? <p className="mt-2 text-slate-700">{t("timeline.noActions")}</p> : null}
          <div className="mt-2 flex flex-wrap gap-2">
            {view.actions.map((a) => (
              <Form method="post" key={`${a.event}-${a.city}`}>
                <input type="hidden" name="intent" value={a.event} />
                {a.city ? <input type="hidden" name="city" value={a.city} /> : null}
                <input type="hidden" name="version" value={view.version} />
                <button type="submit" className="btn-primary" disabled={busy}>
                  {t(`timeline.action.${a.event}`)}
                  {a.city && loaderData.isAdmin ? ` (${cityName(a.city)})` : ""}
                </button>
              </Form>
            ))}
          </div>
        </div>
      </section>

      <section aria-labelledby="stages-heading">
        <h2 id="stages-heading" className="text-lg font-semibold">
          {t("timeline.stages")}
        </h2>
        <ol className="mt-3 space-y-3">
          {view.stages.map((stage, index) => (
            <li key={stage.key} className={`card ${stage.status === "current" ? "ring-2 ring-brand-600" : ""}`} data-testid={`stage-${stage.key}`} data-status={stage.status} aria-current={stage.status === "current" ? "step" : undefined}>
              <div className="flex flex-wrap items-center justify-between gap-2">
                <h3 className="font-semibold">
                  <span className="mr-2 text-slate-500">{index + 1}.</span>
                  {t(stage.labelKey)}
                </h3>
                <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${statusClass(stage.status)}`}>{t(`timeline.status.${stage.status}`)}</span>
              </div>
              <div className="mt-3 grid gap-3 sm:grid-cols-2">
                {stage.cities.map((c) => {
                  const home = cities.find((x) => x.id === c.city)!;
                  const other = cities.find((x) => x.id !== c.city)!;
                  return (
                    <div key={c.city} className="rounded-md bg-slate-50 p-3 text-sm" data-testid={`stage-${stage.key}-${c.city}`}>
                      <div className="flex flex-wrap items-center gap-2">
                        <strong>{home.name}</strong>
                        {stage.perCity && c.subState ? <span className="rounded bg-white px-1.5 py-0.5 text-xs ring-1 ring-slate-300" data-testid="sub-state">{t(`timeline.sub.${c.subState}`)}</span> : null}
                        {c.overdue ? <span className="rounded bg-red-700 px-1.5 py-0.5 text-xs font-semibold text-white">{t("timeline.overdue")}</span> : null}
                      </div>
                      {c.window ? (
                        <dl className="mt-1 text-slate-700">
                          <dt className="sr-only">{t("timeline.window", { city: home.name })}</dt>
                          <dd>
                            {fmt(c.window.startsAt, home.timeZone)} – {fmt(c.window.endsAt, home.timeZone)}
                          </dd>
                          <dt className="sr-only">{t("timeline.window", { city: other.name })}</dt>
                          <dd className="text-xs text-slate-500">
                            {other.name}: {fmt(c.window.startsAt, other.timeZone)} – {fmt(c.window.endsAt, other.timeZone)}
                          </dd>
                        </dl>
                      ) : null}
                    </div>
                  );
                })}
              </div>
            </li>
          ))}
        </ol>
      </section>

      <section className="card" aria-labelledby="audit-heading">
        <h2 id="audit-heading" className="text-lg font-semibold">
          {t("timeline.audit.title")}
        </h2>
        <form method="get" className="mt-3 flex flex-wrap items-end gap-3">
          <div>
            <label htmlFor="f-stage" className="field-label">
              {t("timeline.audit.stage")}
            </label>
            <select id="f-stage" name="stage" defaultValue={loaderData.filter.stage ?? ""} className="field-input">
              <option value="">{t("timeline.audit.all")}</option>
              {view.stages.map((s) => (
                <option key={s.key} value={s.key}>
                  {t(s.labelKey)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="f-city" className="field-label">
              {t("timeline.audit.city")}
            </label>
            <select id="f-city" name="city" defaultValue={loaderData.filter.cityId ?? ""} className="field-input">
              <option value="">{t("timeline.audit.all")}</option>
              {cities.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="f-actor" className="field-label">
              {t("timeline.audit.actor")}
            </label>
            <select id="f-actor" name="actor" defaultValue={loaderData.filter.actor ?? ""} className="field-input">
              <option value="">{t("timeline.audit.all")}</option>
              {view.actors.map((a) => (
                <option key={a} value={a}>
                  {a === "scheduler" ? t("timeline.who.scheduler") : a}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="btn-secondary">
            {t("timeline.audit.filter")}
          </button>
        </form>
        <div className="mt-4 overflow-x-auto">
          {view.audit.length === 0 ? (
            <p>{t("timeline.audit.empty")}</p>
          ) : (
            <table className="table-basic" data-testid="audit-log">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t("timeline.audit.at")}</th>
                  <th scope="col">{t("timeline.audit.event")}</th>
                  <th scope="col">{t("timeline.audit.city")}</th>
                  <th scope="col">{t("timeline.audit.actor")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {view.audit.map((e) => (
                  <tr key={e.seq}>
                    <td>{e.seq}</td>
                    <td className="whitespace-nowrap">{fmt(e.at, loaderData.viewerTimeZone)}</td>
                    <td>
                      <span className="font-medium">{t(`timeline.event.${e.event}`)}</span>
                      {e.detail ? <div className="max-w-md break-all text-xs text-slate-500">{e.detail}</div> : null}
                    </td>
                    <td>{cityName(e.city)}</td>
                    <td className="break-all">{e.actor === "scheduler" ? t("timeline.who.scheduler") : e.actor}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </section>

      {loaderData.isAdmin && !view.cancelled ? (
        <Form method="post" className="card space-y-3">
          <h2 className="text-lg font-semibold">{t("timeline.cancel.title")}</h2>
          <input type="hidden" name="intent" value="CANCEL_PROGRAM" />
          <input type="hidden" name="version" value={view.version} />
          <label htmlFor="cancel-reason" className="field-label">
            {t("timeline.cancel.reason")}
          </label>
          <textarea id="cancel-reason" name="reason" required maxLength={2000} className="field-input" rows={2} />
          <button type="submit" className="btn-danger">
            {t("timeline.cancel.submit")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
