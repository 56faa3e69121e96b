import { useTranslation } from "react-i18next";
import { data, Form } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/dashboard";
import { Notice, Alert } from "../../components/form.tsx";
import { notFound } from "../../lib/auth.server.ts";
import { formatDateTime } from "../../lib/format.ts";
import { getLocale } from "../../lib/i18n.server.ts";
import { localized } from "../../lib/locales.ts";
import { deliverQueued, smtpTransport } from "../../lib/mail.server.ts";
import { readForm } from "../../lib/respond.server.ts";
import { getRuntime } from "../../lib/runtime.server.ts";
import { requireCoordinatorScope } from "../../services/console-access.server.ts";
import { dashboardView } from "../../services/dashboard.server.ts";

export async function loader({ context, url, params }: Route.LoaderArgs) {
  const scope = await requireCoordinatorScope(context, url, params.slug);
  const { db, clock, config } = getRuntime();
  const locale = getLocale(context);
  const view = await dashboardView(db, scope.program, scope.roles, scope.city, clock.now());
  if (!view) notFound();
  const cities = [scope.program.cityA, scope.program.cityB].map((c) => ({ id: c.id, name: localized(c.names, locale), timeZone: c.time_zone }));
  return { title: localized(scope.program.titles, locale), city: scope.city, partner: scope.partner, cities, view, delivers: !!config.smtpUrl, viewerTimeZone: scope.user.time_zone ?? cities.find((c) => c.id === scope.city)!.timeZone };
}

export async function action({ request, context, url, params }: Route.ActionArgs) {
  // Who is asking comes before reading what they sent: an outsider never gets a validation answer.
  await requireCoordinatorScope(context, url, params.slug);
  const form = await readForm(request);
  const city = form.get("city");
  await requireCoordinatorScope(context, url, params.slug, typeof city === "string" && city ? city : null);
  if (!z.object({ intent: z.literal("send-now") }).safeParse(Object.fromEntries(form)).success) return data({ error: "coordConsole.errors.invalid", sent: null }, { status: 400 });
  const { db, clock, config } = getRuntime();
  if (!config.smtpUrl) return data({ error: "coordConsole.dashboard.recordOnly", sent: null }, { status: 400 });
  const sent = await deliverQueued(db, smtpTransport(config.smtpUrl, config.mailFrom), () => clock.now());
  return { error: null, sent };
}

function Duration({ ms }: { ms: number }) {
  const { t } = useTranslation();
  const abs = Math.abs(ms);
  const days = Math.floor(abs / 86_400_000);
  const hours = Math.floor((abs % 86_400_000) / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  const parts = days > 0 ? [t("coordConsole.dashboard.days", { count: days }), t("coordConsole.dashboard.hours", { count: hours })] : [t("coordConsole.dashboard.hours", { count: hours }), t("coordConsole.dashboard.minutes", { count: minutes })];
  const time = parts.join(" ");
  return <>{ms >= 0 ? t("coordConsole.dashboard.endsIn", { time }) : t("coordConsole.dashboard.endedAgo", { time })}</>;
}

export default function Dashboard({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const { view, cities, city, partner } = loaderData;
  const lang = i18n.language;
  const own = cities.find((c) => c.id === city)!;
  const other = cities.find((c) => c.id === partner)!;
  const overdue = view.windows.filter((w) => w.overdue);
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-600">{loaderData.title}</p>
        <h1 className="page-title">{t("coordConsole.dashboard.title")}</h1>
        <p className="text-sm text-slate-600" data-testid="server-time">
          {t("coordConsole.dashboard.now", { now: formatDateTime(view.now, loaderData.viewerTimeZone, lang) })}
        </p>
      </div>
      {actionData?.error ? (
        <Alert testId="dashboard-error">
          {t(actionData.error)}
        </Alert>
      ) : null}
      {actionData?.sent != null ? <Notice tone="success">{t("coordConsole.dashboard.sent", { count: actionData.sent })}</Notice> : null}
      {view.cancelled ? <Notice tone="warning">{t("timeline.cancelled", { reason: view.cancelled.reason })}</Notice> : null}

      <section className="card">
        <h2 className="text-lg font-semibold">{t("coordConsole.dashboard.stages")}</h2>
        <ul className="mt-2 grid gap-2 sm:grid-cols-2">
          {cities.map((c) => {
            const cur = view.current[c.id];
            return (
              <li key={c.id} data-testid={`current-${c.id}`} data-stage={cur?.stage ?? ""} data-sub-state={cur?.subState ?? ""} className="rounded border border-slate-200 p-2">
                <strong>{c.name}</strong>: <span data-testid="current-stage">{cur?.stage ? t(`stage.${cur.stage}`, { defaultValue: cur.stage }) : "—"}</span>
                {cur?.subState ? <span className="text-sm text-slate-600"> · {t(`timeline.sub.${cur.subState}`, { defaultValue: cur.subState })}</span> : null}
              </li>
            );
          })}
        </ul>
        <h3 className="mt-4 font-semibold">{t("coordConsole.dashboard.waiting")}</h3>
        {view.waiting.length === 0 ? <p className="text-sm">{t("coordConsole.dashboard.nothingWaiting")}</p> : null}
        <ul className="list-disc pl-5 text-sm" data-testid="dashboard-waiting">
          {view.waiting.map((w) => (
            <li key={`${w.on}:${w.event}:${w.city ?? ""}`} data-event={w.event}>
              {w.on === "both" || w.on === "scheduler" ? t(`timeline.who.${w.on}`) : (cities.find((c) => c.id === w.on)?.name ?? w.on)} — {t(`timeline.event.${w.event}`, { defaultValue: w.event })}
            </li>
          ))}
        </ul>
      </section>

      <section className="card overflow-x-auto">
        <h2 className="text-lg font-semibold">{t("coordConsole.dashboard.windows", { city: own.name })}</h2>
        <table className="table-basic mt-2" data-testid="dashboard-windows" data-overdue={overdue.length}>
          <tbody className="divide-y divide-slate-100">
            {view.windows.map((w) => (
              <tr key={w.stage} data-testid={`dw-${w.stage}`} data-state={w.state} data-overdue={w.overdue ? "true" : "false"}>
                <th scope="row">{t(`coordConsole.schedule.stages.${w.stage}`)}</th>
                <td>
                  {formatDateTime(w.startsAt, own.timeZone, lang)} – {formatDateTime(w.endsAt, own.timeZone, lang)}
                </td>
                <td>{t(`coordConsole.dashboard.state.${w.state}`)}</td>
                <td>
                  {w.state === "done" || w.state === "cancelled" ? null : <Duration ms={w.remainingMs} />}
                  {w.overdue ? (
                    <span className="ml-2 rounded bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-800" data-testid="overdue-mark">
                      {t("coordConsole.dashboard.overdue")}
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card">
        <h2 className="text-lg font-semibold">{t("coordConsole.dashboard.ownApplications", { city: own.name })}</h2>
        {view.applications.ownTotal === 0 ? <p className="text-sm">{t("coordConsole.dashboard.noApplications")}</p> : null}
        <ul className="mt-2 flex flex-wrap gap-3 text-sm" data-testid="application-counts" data-total={view.applications.ownTotal}>
          {Object.entries(view.applications.own).map(([state, n]) => (
            <li key={state} data-state={state} data-count={n} className="rounded bg-slate-100 px-2 py-1">
              {t(`application.state.${state}`, { defaultValue: state })}: <strong>{n}</strong>
            </li>
          ))}
        </ul>
        <p className="mt-2 text-sm" data-testid="partner-total" data-total={view.applications.partnerTotal}>
          {t("coordConsole.dashboard.partnerTotal", { city: other.name, count: view.applications.partnerTotal })}
        </p>
      </section>

      <section className="card overflow-x-auto">
        <h2 className="text-lg font-semibold">{t("coordConsole.dashboard.reviewers")}</h2>
        {view.reviewers.length === 0 ? <p className="text-sm">{t("coordConsole.dashboard.noReviewers")}</p> : null}
        {view.reviewers.length > 0 ? (
          <table className="table-basic mt-2" data-testid="dashboard-reviewers">
            <thead>
              <tr>
                <th scope="col">{t("coordConsole.dashboard.reviewer")}</th>
                <th scope="col">{t("coordConsole.dashboard.assigned")}</th>
                <th scope="col">{t("coordConsole.dashboard.submitted")}</th>
                <th scope="col">{t("coordConsole.dashboard.pending")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {view.reviewers.map((r) => (
                <tr key={r.email} data-email={r.email} data-pending={r.pending}>
                  <td>{r.name}</td>
                  <td>{r.assigned}</td>
                  <td>{r.submitted}</td>
                  <td>{r.pending}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>

      <section className="card space-y-3">
        <h2 className="text-lg font-semibold">{t("coordConsole.dashboard.outbox", { city: own.name })}</h2>
        {loaderData.delivers ? (
          <Form method="post">
            <input type="hidden" name="intent" value="send-now" />
            <button type="submit" className="btn-secondary" disabled={!view.outbox.counts.queued}>
              {t("coordConsole.dashboard.sendNow")}
            </button>
          </Form>
        ) : (
          <p className="text-sm text-slate-700" data-testid="mail-record-only">
            {t("coordConsole.dashboard.recordOnly")}
          </p>
        )}
        {view.outbox.messages.length === 0 ? <p className="text-sm">{t("coordConsole.dashboard.noMail")}</p> : null}
        <ul className="divide-y divide-slate-100" data-testid="dashboard-outbox">
          {view.outbox.messages.map((m) => (
            <li key={m.id} className="py-2 text-sm" data-status={m.status}>
              <span className="font-semibold">{m.subject}</span> <span className="text-slate-600">· {m.to} · {t(`coordConsole.dashboard.mailStatus.${m.status}`, { defaultValue: m.status })}</span>
              <p className="text-slate-700">{m.preview}</p>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
