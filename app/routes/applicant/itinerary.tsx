import { useTranslation } from "react-i18next";
import { data, Form, redirect } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/itinerary";
import { Notice, Alert } from "../../components/form.tsx";
import { ItineraryList, ItineraryActions } from "../../components/itinerary-list.tsx";
import { requireMemberItinerary } from "../../lib/itinerary.server.ts";
import { readForm } from "../../lib/respond.server.ts";
import { getRuntime, serviceEnv } from "../../lib/runtime.server.ts";
import { itemsOf } from "../../services/itineraries.server.ts";
import { partnersOf, requestMeeting } from "../../services/matchmaking.server.ts";

export async function loader({ context, url, params }: Route.LoaderArgs) {
  const { user, target } = await requireMemberItinerary(context, url, params.proposalId);
  const { db } = getRuntime();
  const partners = await partnersOf(db, target.program.id, target.hostCityId);
  const requests = await db
    .selectFrom("matchmaking_requests")
    .innerJoin("matchmaking_partners", "matchmaking_partners.id", "matchmaking_requests.partner_id")
    .select(["matchmaking_requests.id", "matchmaking_requests.status", "matchmaking_requests.requested_by", "matchmaking_partners.name as partner"])
    .where("matchmaking_requests.proposal_id", "=", target.proposal.id)
    .orderBy("matchmaking_requests.created_at")
    .execute();
  return {
    id: target.proposal.id,
    team: target.team,
    title: target.proposal.title,
    items: await itemsOf(db, target.proposal.id),
    viewerZone: user.time_zone ?? target.hostTimeZone,
    partners: partners.map((p) => ({ id: p.id, name: p.name, kind: p.kind, sector: p.sector })),
    requests,
    print: url.searchParams.get("print") === "1",
    requested: url.searchParams.get("requested") === "1",
  };
}

const schema = z.object({ intent: z.literal("request"), partnerId: z.string().max(64), note: z.string().max(1000).optional() });

/** A visiting team asks the host city for a meeting with one of its partners. */
export async function action({ request, context, url, params }: Route.ActionArgs) {
  const { target } = await requireMemberItinerary(context, url, params.proposalId);
  const parsed = schema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ error: "errors.field.invalid" }, { status: 400 });
  const result = await requestMeeting(serviceEnv(), { programId: target.program.id, hostCityId: target.hostCityId, proposalId: target.proposal.id, partnerId: parsed.data.partnerId, requestedBy: "team", note: parsed.data.note ?? null });
  if (!result.ok) return data({ error: result.error }, { status: 400 });
  throw redirect(`/applicant/proposals/${target.proposal.id}/itinerary?requested=1`);
}

export default function ApplicantItinerary({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const d = loaderData;
  const base = `/applicant/proposals/${d.id}/itinerary`;
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <header className="space-y-1">
        <p className="text-sm text-slate-600">
          {d.team} · {d.title}
        </p>
        <h1 className="page-title">{t("itinerary.applicantTitle")}</h1>
      </header>
      {actionData?.error ? (
        <Alert>
          {t(actionData.error)}
        </Alert>
      ) : null}
      {d.requested ? <Notice tone="success">{t("matchmaking.requested")}</Notice> : null}
      <ItineraryActions icsHref={`${base}.ics`} base={base} print={!!d.print} />
      <section className="card print:border-0 print:p-0 print:shadow-none">
        <ItineraryList items={d.items} viewerZone={d.viewerZone} />
      </section>
      {!d.print ? (
        <section className="card space-y-3 print:hidden" data-testid="meeting-request">
          <h2 className="text-lg font-semibold">{t("matchmaking.teamRequestTitle")}</h2>
          <p className="text-sm text-slate-700">{t("matchmaking.teamRequestIntro")}</p>
          {d.partners.length === 0 ? (
            <p className="text-sm">{t("matchmaking.noPartners")}</p>
          ) : (
            <Form method="post" className="space-y-3">
              <input type="hidden" name="intent" value="request" />
              <div>
                <label htmlFor="request-partner" className="field-label">
                  {t("matchmaking.fields.partner")}
                </label>
                <select id="request-partner" name="partnerId" className="field-input">
                  {d.partners.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name} ({t(`matchmaking.kinds.${p.kind}`, { defaultValue: p.kind })}
                      {p.sector ? ` · ${p.sector}` : ""})
                    </option>
                  ))}
                </select>
              </div>
              <div>
                <label htmlFor="request-note" className="field-label">
                  {t("matchmaking.fields.note")}
                </label>
                <textarea id="request-note" name="note" maxLength={1000} rows={2} className="field-input" />
              </div>
              <button type="submit" className="btn-primary">
                {t("matchmaking.teamRequest")}
              </button>
            </Form>
          )}
          {d.requests.length > 0 ? (
            <>
              <h3 className="font-semibold">{t("matchmaking.yourRequests")}</h3>
              <ul className="text-sm" data-testid="team-requests">
                {d.requests.map((r) => (
                  <li key={r.id}>
                    {r.partner} — {t(`matchmaking.requestBy.${r.requested_by}`, { defaultValue: r.requested_by })}, {t(`matchmaking.status.${r.status}`, { defaultValue: r.status })}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
