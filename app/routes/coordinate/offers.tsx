import { useTranslation } from "react-i18next";
import { data, Form } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/offers";
import { Notice, Alert } from "../../components/form.tsx";
import { StateBadge } from "../../components/state-badge.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { requirePanelCoordinator } from "../../lib/panel.server.ts";
import { readForm } from "../../lib/respond.server.ts";
import { getRuntime, serviceEnv } from "../../lib/runtime.server.ts";
import { nextReserve } from "../../../workflows/shortlist.ts";
import { promoteReserve } from "../../services/panels.server.ts";
import { programInstance } from "../../services/workflows.server.ts";

/** The host city's finalists and reserve list; a declined or lapsed place goes to a reserve. */
export async function loader({ context, url, params }: Route.LoaderArgs) {
  const { user, panel } = await requirePanelCoordinator(context, url, params.slug);
  const { db } = getRuntime();
  const instance = await programInstance(db, panel.program.id);
  const ctx = instance ? (JSON.parse(instance.snapshot).context as { picks: Record<string, string[] | null>; replacements: { host: string; replacedId: string }[] }) : null;
  const picks = ctx?.picks[panel.cityId] ?? [];
  const shortlist = panel.partnerShortlist ?? [];
  const replaced = (ctx?.replacements ?? []).filter((r) => r.host === panel.cityId).map((r) => r.replacedId);
  const ids = [...new Set([...shortlist, ...replaced])];
  const rows = ids.length ? await db.selectFrom("proposals").innerJoin("teams", "teams.id", "proposals.team_id").select(["proposals.id", "proposals.title", "proposals.state", "proposals.offer_expires_at", "teams.name as team"]).where("proposals.id", "in", ids).execute() : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const reserves = shortlist.filter((id) => !picks.includes(id) && !replaced.includes(id) && byId.get(id)?.state === "reserve");
  const suggested = nextReserve(shortlist, picks, replaced);
  return {
    slug: panel.program.slug,
    version: panel.version,
    timeZone: user.time_zone ?? "UTC",
    finalists: picks.map((id) => byId.get(id)).filter((r) => !!r),
    reserves: reserves.map((id) => byId.get(id)!),
    replaced: replaced.map((id) => byId.get(id)).filter((r) => !!r),
    suggested,
  };
}

const schema = z.object({ replacingId: z.string().max(64), reserveId: z.string().max(64), reason: z.string().trim().max(1000).optional(), version: z.coerce.number().int().min(1) });

export async function action({ request, context, url, params }: Route.ActionArgs) {
  const { user, panel } = await requirePanelCoordinator(context, url, params.slug);
  const parsed = schema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ error: "errors.field.invalid", promoted: false }, { status: 400 });
  const { db } = getRuntime();
  const instance = await programInstance(db, panel.program.id);
  const ctx = JSON.parse(instance!.snapshot).context as { picks: Record<string, string[] | null>; replacements: { host: string; replacedId: string }[] };
  const suggested = nextReserve(panel.partnerShortlist ?? [], ctx.picks[panel.cityId] ?? [], ctx.replacements.filter((r) => r.host === panel.cityId).map((r) => r.replacedId));
  // Skipping the next reserve in rank order needs a reason, recorded with the event.
  if (parsed.data.reserveId !== suggested && !parsed.data.reason) return data({ error: "errors.offers.reasonRequired", promoted: false }, { status: 400 });
  const result = await promoteReserve(serviceEnv(), user, panel, { replacingId: parsed.data.replacingId, reserveId: parsed.data.reserveId, reason: parsed.data.reason ?? null, expectedVersion: parsed.data.version });
  if (!result.ok) return data({ error: result.error === "conflict" ? "errors.workflow.conflict" : "errors.offers.notPossible", promoted: false }, { status: result.error === "conflict" ? 409 : 400 });
  return { error: null, promoted: true };
}

export default function Offers({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const d = loaderData;
  const open = d.finalists.filter((f) => ["declined", "expired", "droppedOut"].includes(f.state));
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("offers.title")}</h1>
      {actionData?.error ? (
        <Alert>
          {t(actionData.error)}
        </Alert>
      ) : null}
      {actionData?.promoted ? <Notice tone="success">{t("offers.promoted")}</Notice> : null}
      <section className="card">
        <h2 className="text-lg font-semibold">{t("offers.finalists")}</h2>
        <ul className="mt-2 divide-y divide-slate-100" data-testid="finalists-list">
          {d.finalists.map((f) => (
            <li key={f.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span>
                <strong>{f.team}</strong> <span className="text-sm text-slate-600">· {f.title}</span>
                {f.state === "offered" && f.offer_expires_at ? <span className="block text-xs text-slate-600">{t("offer.answerBy", { deadline: formatDateTime(f.offer_expires_at, d.timeZone, i18n.language) })}</span> : null}
              </span>
              <StateBadge state={f.state} />
            </li>
          ))}
        </ul>
      </section>
      <section className="card">
        <h2 className="text-lg font-semibold">{t("offers.reserves")}</h2>
        {d.reserves.length === 0 ? <p className="text-sm">{t("offers.noReserves")}</p> : null}
        <ol className="mt-2 list-decimal pl-5" data-testid="reserves-list">
          {d.reserves.map((r) => (
            <li key={r.id}>
              {r.team} <span className="text-sm text-slate-600">· {r.title}</span>
            </li>
          ))}
        </ol>
      </section>
      {open.map((f) => (
        <Form method="post" key={f.id} className="card space-y-3" data-testid="promote-form">
          <h2 className="text-lg font-semibold">{t("offers.replace", { team: f.team })}</h2>
          <input type="hidden" name="replacingId" value={f.id} />
          <input type="hidden" name="version" value={d.version} />
          <div>
            <label htmlFor={`reserve-${f.id}`} className="field-label">
              {t("offers.reserve")}
            </label>
            <select id={`reserve-${f.id}`} name="reserveId" defaultValue={d.suggested ?? undefined} className="field-input">
              {d.reserves.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.team}
                  {r.id === d.suggested ? ` — ${t("offers.next")}` : ""}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor={`reason-${f.id}`} className="field-label">
              {t("offers.reason")}
            </label>
            <input id={`reason-${f.id}`} name="reason" maxLength={1000} className="field-input" />
          </div>
          <button type="submit" className="btn-primary" disabled={d.reserves.length === 0}>
            {t("offers.promote")}
          </button>
        </Form>
      ))}
    </div>
  );
}
