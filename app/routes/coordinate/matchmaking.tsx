import { useTranslation } from "react-i18next";
import { data, Form, redirect } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/matchmaking";
import { Notice, Alert } from "../../components/form.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { PARTNER_KINDS } from "../../lib/itinerary.ts";
import { requireEditionCoordinator } from "../../lib/itinerary.server.ts";
import { readForm } from "../../lib/respond.server.ts";
import { getRuntime, serviceEnv } from "../../lib/runtime.server.ts";
import { hostedTeams, itineraryTarget } from "../../services/itineraries.server.ts";
import { declineRequest, partnersOf, removePartner, removeSlot, requestMeeting, requestsOf, savePartner, scheduleSlot, slotsOf, slotTimes } from "../../services/matchmaking.server.ts";

export async function loader({ context, url, params }: Route.LoaderArgs) {
  const { user, program, cityId } = await requireEditionCoordinator(context, url, params.slug);
  const { db } = getRuntime();
  const host = program.cityA.id === cityId ? program.cityA : program.cityB;
  return {
    slug: program.slug,
    hostZone: host.time_zone,
    viewerZone: user.time_zone ?? host.time_zone,
    teams: (await hostedTeams(db, program.id, cityId)).map((t) => ({ id: t.id, team: t.team })),
    partners: await partnersOf(db, program.id, cityId),
    requests: await requestsOf(db, program.id, cityId),
    slots: await slotsOf(db, program.id, cityId),
    done: url.searchParams.get("done"),
  };
}

const optional = (max: number) => z.string().max(max).optional();
const schemas = {
  savePartner: z.object({ partnerId: optional(64), name: z.string().max(200), kind: z.string().max(32), sector: optional(200), contact: optional(300), description: optional(2000) }),
  removePartner: z.object({ partnerId: z.string().max(64) }),
  recordRequest: z.object({ proposalId: z.string().max(64), partnerId: z.string().max(64), note: optional(1000) }),
  decline: z.object({ requestId: z.string().max(64) }),
  schedule: z.object({ proposalId: z.string().max(64), partnerId: z.string().max(64), startLocal: z.string().max(32), endLocal: z.string().max(32), place: optional(300) }),
  removeSlot: z.object({ slotId: z.string().max(64) }),
};
type Intent = keyof typeof schemas;

export async function action({ request, context, url, params }: Route.ActionArgs) {
  const { program, cityId } = await requireEditionCoordinator(context, url, params.slug);
  const form = Object.fromEntries(await readForm(request));
  const intent = String(form.intent ?? "") as Intent;
  // Own keys only: "constructor" or "__proto__" are in every object.
  if (!Object.hasOwn(schemas, intent)) return data({ error: "errors.field.invalid" }, { status: 400 });
  const parsed = schemas[intent].safeParse(form);
  if (!parsed.success) return data({ error: "errors.field.invalid" }, { status: 400 });
  const env = serviceEnv();
  const hosted = async (proposalId: string) => {
    const target = await itineraryTarget(env.db, program, proposalId);
    return target && target.hostCityId === cityId ? target : null;
  };
  let result: { ok: true } | { ok: false; error: string };
  const done: string = intent;
  switch (intent) {
    case "savePartner": {
      const v = schemas.savePartner.parse(form);
      result = await savePartner(env, program.id, cityId, v.partnerId || null, v);
      break;
    }
    case "removePartner":
      result = await removePartner(env, program.id, cityId, schemas.removePartner.parse(form).partnerId, hosted);
      break;
    case "recordRequest": {
      const v = schemas.recordRequest.parse(form);
      result = (await hosted(v.proposalId)) ? await requestMeeting(env, { programId: program.id, hostCityId: cityId, proposalId: v.proposalId, partnerId: v.partnerId, requestedBy: "partner", note: v.note ?? null }) : { ok: false, error: "matchmaking.errors.unknownTeam" };
      break;
    }
    case "decline":
      result = await declineRequest(env, program.id, cityId, schemas.decline.parse(form).requestId);
      break;
    case "schedule": {
      const v = schemas.schedule.parse(form);
      const target = await hosted(v.proposalId);
      if (!target) {
        result = { ok: false, error: "matchmaking.errors.unknownTeam" };
        break;
      }
      const times = slotTimes(v.startLocal, v.endLocal, target.hostTimeZone);
      result = times.ok ? await scheduleSlot({ env, target }, { proposalId: v.proposalId, partnerId: v.partnerId, startsAt: times.startsAt, endsAt: times.endsAt, place: v.place ?? null }) : times;
      break;
    }
    case "removeSlot":
      result = await removeSlot(env, program.id, cityId, schemas.removeSlot.parse(form).slotId, hosted);
      break;
  }
  if (!result.ok) return data({ error: result.error }, { status: 400 });
  // An administrator acting for a city stays on that city's page.
  const city = url.searchParams.get("city");
  throw redirect(`/coordinate/${program.slug}/matchmaking?done=${done}${city ? `&city=${encodeURIComponent(city)}` : ""}`);
}

const DONE: Record<string, string> = { savePartner: "matchmaking.partnerSaved", removePartner: "matchmaking.partnerRemoved", schedule: "matchmaking.scheduled", removeSlot: "matchmaking.slotRemoved", recordRequest: "matchmaking.requested" };

export default function Matchmaking({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const d = loaderData;
  const fmt = (iso: string) => formatDateTime(iso, d.hostZone, i18n.language);
  const partnerFields = (p: (typeof d.partners)[number] | null) => {
    const key = p?.id ?? "new";
    return (
      <Form method="post" className="grid gap-3 sm:grid-cols-2" data-testid={p ? "partner-edit" : "partner-add"}>
        <input type="hidden" name="intent" value="savePartner" />
        {p ? <input type="hidden" name="partnerId" value={p.id} /> : null}
        <div>
          <label htmlFor={`partner-name-${key}`} className="field-label">
            {t("matchmaking.fields.name")}
          </label>
          <input id={`partner-name-${key}`} name="name" defaultValue={p?.name ?? ""} required maxLength={200} className="field-input" />
        </div>
        <div>
          <label htmlFor={`partner-kind-${key}`} className="field-label">
            {t("matchmaking.fields.kind")}
          </label>
          <select id={`partner-kind-${key}`} name="kind" defaultValue={p?.kind ?? "company"} className="field-input">
            {PARTNER_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`matchmaking.kinds.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`partner-sector-${key}`} className="field-label">
            {t("matchmaking.fields.sector")}
          </label>
          <input id={`partner-sector-${key}`} name="sector" defaultValue={p?.sector ?? ""} maxLength={200} className="field-input" />
        </div>
        <div>
          <label htmlFor={`partner-contact-${key}`} className="field-label">
            {t("matchmaking.fields.contact")}
          </label>
          <input id={`partner-contact-${key}`} name="contact" defaultValue={p?.contact ?? ""} maxLength={300} className="field-input" />
        </div>
        <div className="sm:col-span-2">
          <label htmlFor={`partner-description-${key}`} className="field-label">
            {t("matchmaking.fields.description")}
          </label>
          <textarea id={`partner-description-${key}`} name="description" defaultValue={p?.description ?? ""} maxLength={2000} rows={2} className="field-input" />
        </div>
        <div>
          <button type="submit" className="btn-primary">
            {p ? t("matchmaking.editPartner") : t("matchmaking.addPartner")}
          </button>
        </div>
      </Form>
    );
  };
  const teamSelect = (id: string) => (
    <div>
      <label htmlFor={id} className="field-label">
        {t("matchmaking.fields.team")}
      </label>
      <select id={id} name="proposalId" className="field-input">
        {d.teams.map((team) => (
          <option key={team.id} value={team.id}>
            {team.team}
          </option>
        ))}
      </select>
    </div>
  );
  const partnerSelect = (id: string) => (
    <div>
      <label htmlFor={id} className="field-label">
        {t("matchmaking.fields.partner")}
      </label>
      <select id={id} name="partnerId" className="field-input">
        {d.partners.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("matchmaking.title")}</h1>
      <p className="text-slate-700">{t("matchmaking.intro")}</p>
      {actionData?.error ? (
        <Alert>
          {t(actionData.error)}
        </Alert>
      ) : null}
      {d.done && Object.hasOwn(DONE, d.done) ? <Notice tone="success">{t(DONE[d.done]!)}</Notice> : null}

      <section className="card space-y-3">
        <h2 className="text-lg font-semibold">{t("matchmaking.slots")}</h2>
        {d.slots.length === 0 ? <p className="text-sm">{t("matchmaking.noSlots")}</p> : null}
        {d.slots.length > 0 ? (
          <div className="overflow-x-auto">
            <table className="table-basic" data-testid="slot-grid">
              <thead>
                <tr>
                  <th scope="col">{t("itinerary.when")}</th>
                  {d.teams.map((team) => (
                    <th scope="col" key={team.id}>
                      {team.team}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {d.slots.map((s) => (
                  <tr key={s.id} data-testid="slot">
                    <td>
                      {fmt(s.starts_at)} – {formatDateTime(s.ends_at, d.hostZone, i18n.language)}
                    </td>
                    {d.teams.map((team) => (
                      <td key={team.id}>
                        {team.id === s.proposal_id ? (
                          <>
                            <strong>{s.partner}</strong>
                            {s.place ? <span className="block text-xs text-slate-600">{s.place}</span> : null}
                            <Form method="post">
                              <input type="hidden" name="intent" value="removeSlot" />
                              <input type="hidden" name="slotId" value={s.id} />
                              <button type="submit" className="link text-sm text-red-700">
                                {t("matchmaking.removeSlot")}
                              </button>
                            </Form>
                          </>
                        ) : null}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {d.teams.length === 0 ? <p className="text-sm">{t("matchmaking.noTeams")}</p> : null}
        {d.teams.length > 0 && d.partners.length > 0 ? (
          <Form method="post" className="grid gap-3 border-t border-slate-200 pt-3 sm:grid-cols-2" data-testid="schedule-form">
            <h3 className="font-semibold sm:col-span-2">{t("matchmaking.scheduleTitle")}</h3>
            <input type="hidden" name="intent" value="schedule" />
            {teamSelect("slot-team")}
            {partnerSelect("slot-partner")}
            <div>
              <label htmlFor="slot-start" className="field-label">
                {t("matchmaking.fields.start", { zone: d.hostZone })}
              </label>
              <input id="slot-start" name="startLocal" type="datetime-local" required className="field-input" />
            </div>
            <div>
              <label htmlFor="slot-end" className="field-label">
                {t("matchmaking.fields.end", { zone: d.hostZone })}
              </label>
              <input id="slot-end" name="endLocal" type="datetime-local" required className="field-input" />
            </div>
            <div className="sm:col-span-2">
              <label htmlFor="slot-place" className="field-label">
                {t("matchmaking.fields.place")}
              </label>
              <input id="slot-place" name="place" maxLength={300} className="field-input" />
            </div>
            <div>
              <button type="submit" className="btn-primary">
                {t("matchmaking.schedule")}
              </button>
            </div>
          </Form>
        ) : null}
      </section>

      <section className="card space-y-3">
        <h2 className="text-lg font-semibold">{t("matchmaking.requests")}</h2>
        {d.requests.length === 0 ? <p className="text-sm">{t("matchmaking.noRequests")}</p> : null}
        <ul className="divide-y divide-slate-100" data-testid="requests">
          {d.requests.map((r) => (
            <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span>
                <strong>{r.team}</strong> ↔ <strong>{r.partner}</strong>{" "}
                <span className="text-sm text-slate-600">
                  · {t(`matchmaking.requestBy.${r.requested_by}`, { defaultValue: r.requested_by })} · {t(`matchmaking.status.${r.status}`, { defaultValue: r.status })}
                </span>
                {r.note ? <span className="block text-sm text-slate-700">{r.note}</span> : null}
              </span>
              {r.status === "requested" ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="decline" />
                  <input type="hidden" name="requestId" value={r.id} />
                  <button type="submit" className="btn-secondary">
                    {t("matchmaking.decline")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
        {d.teams.length > 0 && d.partners.length > 0 ? (
          <Form method="post" className="grid gap-3 border-t border-slate-200 pt-3 sm:grid-cols-2">
            <h3 className="font-semibold sm:col-span-2">{t("matchmaking.recordRequest")}</h3>
            <input type="hidden" name="intent" value="recordRequest" />
            {teamSelect("request-team")}
            {partnerSelect("request-partner")}
            <div className="sm:col-span-2">
              <label htmlFor="request-note" className="field-label">
                {t("matchmaking.fields.note")}
              </label>
              <input id="request-note" name="note" maxLength={1000} className="field-input" />
            </div>
            <div>
              <button type="submit" className="btn-secondary">
                {t("matchmaking.recordRequest")}
              </button>
            </div>
          </Form>
        ) : null}
      </section>

      <section className="card space-y-4">
        <h2 className="text-lg font-semibold">{t("matchmaking.partners")}</h2>
        {d.partners.length === 0 ? <p className="text-sm">{t("matchmaking.noPartners")}</p> : null}
        <ul className="space-y-2" data-testid="partners">
          {d.partners.map((p) => (
            <li key={p.id} data-testid="partner">
              <details className="rounded-md border border-slate-200 p-3">
                <summary className="cursor-pointer">
                  <strong>{p.name}</strong> <span className="text-sm text-slate-600">· {t(`matchmaking.kinds.${p.kind}`, { defaultValue: p.kind })}{p.sector ? ` · ${p.sector}` : ""}</span>
                </summary>
                <div className="mt-3 space-y-3">
                  {partnerFields(p)}
                  <Form method="post">
                    <input type="hidden" name="intent" value="removePartner" />
                    <input type="hidden" name="partnerId" value={p.id} />
                    <button type="submit" className="btn-danger">
                      {t("matchmaking.removePartner")}
                    </button>
                  </Form>
                </div>
              </details>
            </li>
          ))}
        </ul>
        <div className="border-t border-slate-200 pt-3">
          <h3 className="mb-2 font-semibold">{t("matchmaking.addPartner")}</h3>
          {partnerFields(null)}
        </div>
      </section>
    </div>
  );
}
