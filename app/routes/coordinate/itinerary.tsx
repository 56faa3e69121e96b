import { useTranslation } from "react-i18next";
import { data, Form, Link, redirect } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/itinerary";
import { Notice, Alert } from "../../components/form.tsx";
import { ItineraryForm, type ItineraryFormValues } from "../../components/itinerary-form.tsx";
import { ItineraryList, ItineraryActions } from "../../components/itinerary-list.tsx";
import { forbidden } from "../../lib/auth.server.ts";
import { requireItineraryOf } from "../../lib/itinerary.server.ts";
import { readForm } from "../../lib/respond.server.ts";
import { getRuntime, serviceEnv } from "../../lib/runtime.server.ts";
import { utcToZonedLocal } from "../../../workflows/deadlines.ts";
import { hostingResourcesOf, itemsOf, removeItem, saveItem } from "../../services/itineraries.server.ts";

export async function loader({ context, url, params }: Route.LoaderArgs) {
  const { user, target, access } = await requireItineraryOf(context, url, params.slug, params.proposalId);
  const { db } = getRuntime();
  const items = await itemsOf(db, target.proposal.id);
  const editId = access === "edit" ? url.searchParams.get("edit") : null;
  const editing = editId ? items.find((i) => i.id === editId && !i.matchmaking_slot_id) : undefined;
  const [from, to] = editing?.kind === "flight" ? (editing.place ?? "").split(" → ") : [editing?.place ?? "", ""];
  const values: ItineraryFormValues = {
    id: editing?.id ?? null,
    kind: editing?.kind ?? "flight",
    title: editing?.title ?? "",
    startLocal: editing ? utcToZonedLocal(editing.starts_at, editing.start_time_zone) : "",
    startZone: editing?.start_time_zone ?? target.hostTimeZone,
    endLocal: editing ? utcToZonedLocal(editing.ends_at, editing.end_time_zone) : "",
    endZone: editing?.end_time_zone ?? target.hostTimeZone,
    place: from ?? "",
    placeTo: to ?? "",
    host: editing?.host ?? "",
    carrier: editing?.carrier ?? "",
    flightNumber: editing?.flight_number ?? "",
    hostingResourceId: editing?.hosting_resource_id ?? "",
    notes: editing?.notes ?? "",
  };
  return {
    slug: target.program.slug,
    id: target.proposal.id,
    team: target.team,
    title: target.proposal.title,
    canEdit: access === "edit",
    items,
    viewerZone: user.time_zone ?? target.hostTimeZone,
    resources: access === "edit" ? await hostingResourcesOf(db, target.program.id, target.hostCityId) : [],
    values,
    print: url.searchParams.get("print") === "1",
    saved: url.searchParams.get("saved"),
  };
}

const text = z.string().max(2000).optional();
const saveSchema = z.object({
  intent: z.literal("save"),
  itemId: z.string().max(64).optional(),
  kind: z.string().max(32),
  title: z.string().max(200).optional(),
  startLocal: z.string().max(32),
  startZone: z.string().max(64),
  endLocal: z.string().max(32),
  endZone: z.string().max(64),
  place: z.string().max(300).optional(),
  placeTo: z.string().max(300).optional(),
  host: z.string().max(300).optional(),
  carrier: z.string().max(80).optional(),
  flightNumber: z.string().max(20).optional(),
  hostingResourceId: z.string().max(64).optional(),
  notes: text,
});
const removeSchema = z.object({ intent: z.literal("remove"), itemId: z.string().max(64) });

export async function action({ request, context, url, params }: Route.ActionArgs) {
  const { target, access } = await requireItineraryOf(context, url, params.slug, params.proposalId);
  if (access !== "edit") forbidden();
  const form = Object.fromEntries(await readForm(request));
  const env = serviceEnv();
  const back = `/coordinate/${target.program.slug}/itineraries/${target.proposal.id}`;
  if (form.intent === "remove") {
    const parsed = removeSchema.safeParse(form);
    if (!parsed.success) return data({ error: "errors.field.invalid" }, { status: 400 });
    const result = await removeItem(env, target, parsed.data.itemId);
    if (!result.ok) return data({ error: result.error }, { status: 400 });
    throw redirect(`${back}?saved=removed`);
  }
  const parsed = saveSchema.safeParse(form);
  if (!parsed.success) return data({ error: "errors.field.invalid" }, { status: 400 });
  const v = parsed.data;
  const place = v.kind === "flight" ? [v.place?.trim(), v.placeTo?.trim()].filter((p) => !!p).join(" → ") : v.place;
  const result = await saveItem(env, target, v.itemId || null, { ...v, title: v.title ?? "", place });
  if (!result.ok) return data({ error: result.error }, { status: 400 });
  throw redirect(`${back}?saved=saved`);
}

export default function CoordinatorItinerary({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const d = loaderData;
  const base = `/coordinate/${d.slug}/itineraries/${d.id}`;
  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <p className="text-sm text-slate-600 print:hidden">
          <Link className="link" to={`/coordinate/${d.slug}/itineraries`}>
            {t("itinerary.backToList")}
          </Link>
        </p>
        <h1 className="page-title">{t("itinerary.teamTitle", { team: d.team })}</h1>
        <p className="text-sm text-slate-600">{d.title}</p>
      </header>
      {actionData?.error ? (
        <Alert>
          {t(actionData.error)}
        </Alert>
      ) : null}
      {d.saved === "saved" ? <Notice tone="success">{t("itinerary.saved")}</Notice> : null}
      {d.saved === "removed" ? <Notice tone="success">{t("itinerary.removed")}</Notice> : null}
      {!d.canEdit ? <p className="text-sm text-slate-700 print:hidden">{t("itinerary.readOnly")}</p> : null}
      <ItineraryActions icsHref={`${base}/itinerary.ics`} base={base} print={!!d.print} />
      <section className="card print:border-0 print:p-0 print:shadow-none">
        <ItineraryList
          items={d.items}
          viewerZone={d.viewerZone}
          actions={
            d.canEdit && !d.print
              ? (item) =>
                  item.matchmaking_slot_id ? (
                    <span className="text-xs text-slate-600">{t("itinerary.fromSlot")}</span>
                  ) : (
                    <div className="flex gap-3">
                      <Link className="link text-sm" to={`${base}?edit=${item.id}`}>
                        {t("itinerary.edit")}
                      </Link>
                      <Form method="post">
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="itemId" value={item.id} />
                        <button type="submit" className="link text-sm text-red-700">
                          {t("itinerary.remove")}
                        </button>
                      </Form>
                    </div>
                  )
              : undefined
          }
        />
      </section>
      {d.canEdit && !d.print ? <ItineraryForm values={d.values} resources={d.resources} cancelTo={d.values.id ? base : null} /> : null}
    </div>
  );
}
