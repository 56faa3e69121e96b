import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Form } from "react-router";
import { ITINERARY_KINDS } from "../lib/itinerary.ts";
import { timeZoneOptions } from "../lib/time-zones.ts";

export interface ItineraryFormValues {
  id: string | null;
  kind: string;
  title: string;
  startLocal: string;
  startZone: string;
  endLocal: string;
  endZone: string;
  place: string;
  placeTo: string;
  host: string;
  carrier: string;
  flightNumber: string;
  hostingResourceId: string;
  notes: string;
}

/** Add or edit one itinerary item; the fields follow the kind (a flight has two places and two zones). */
export function ItineraryForm({ values, resources, cancelTo }: { values: ItineraryFormValues; resources: { id: string; name: string }[]; cancelTo: string | null }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState(values.kind);
  const zones = timeZoneOptions();
  const flight = kind === "flight";
  const lodging = kind === "lodging";
  const startLabel = flight ? t("itinerary.fields.departure") : lodging ? t("itinerary.fields.checkIn") : t("itinerary.fields.start");
  const endLabel = flight ? t("itinerary.fields.arrival") : lodging ? t("itinerary.fields.checkOut") : t("itinerary.fields.end");
  const zoneSelect = (id: string, name: string, label: string, value: string) => (
    <div>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value} className="field-input">
        {zones.map((z) => (
          <option key={z.value} value={z.value}>
            {z.label}
          </option>
        ))}
      </select>
    </div>
  );
  const text = (id: string, name: string, label: string, value: string, required = false) => (
    <div>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <input id={id} name={name} defaultValue={value} maxLength={300} required={required} className="field-input" />
    </div>
  );
  return (
    <Form method="post" className="card space-y-3 print:hidden" data-testid="itinerary-form" key={values.id ?? "new"}>
      <h2 className="text-lg font-semibold">{values.id ? t("itinerary.formEdit") : t("itinerary.formAdd")}</h2>
      <input type="hidden" name="intent" value="save" />
      {values.id ? <input type="hidden" name="itemId" value={values.id} /> : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor="item-kind" className="field-label">
            {t("itinerary.fields.kind")}
          </label>
          <select id="item-kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value)} className="field-input">
            {ITINERARY_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`itinerary.kinds.${k}`)}
              </option>
            ))}
          </select>
        </div>
        {text("item-title", "title", t("itinerary.fields.title"), values.title)}
        {flight ? (
          <>
            {text("item-carrier", "carrier", t("itinerary.fields.carrier"), values.carrier, true)}
            {text("item-flight-number", "flightNumber", t("itinerary.fields.flightNumber"), values.flightNumber, true)}
            {text("item-place", "place", t("itinerary.fields.departurePlace"), values.place, true)}
            {text("item-place-to", "placeTo", t("itinerary.fields.arrivalPlace"), values.placeTo, true)}
          </>
        ) : null}
        <div>
          <label htmlFor="item-start" className="field-label">
            {startLabel}
          </label>
          <input id="item-start" name="startLocal" type="datetime-local" defaultValue={values.startLocal} required className="field-input" />
        </div>
        {zoneSelect("item-start-zone", "startZone", flight ? t("itinerary.fields.departureZone") : t("itinerary.fields.startZone"), values.startZone)}
        <div>
          <label htmlFor="item-end" className="field-label">
            {endLabel}
          </label>
          <input id="item-end" name="endLocal" type="datetime-local" defaultValue={values.endLocal} required className="field-input" />
        </div>
        {zoneSelect("item-end-zone", "endZone", flight ? t("itinerary.fields.arrivalZone") : t("itinerary.fields.endZone"), values.endZone)}
        {kind === "incubator" ? (
          <div>
            <label htmlFor="item-resource" className="field-label">
              {t("itinerary.fields.resource")}
            </label>
            <select id="item-resource" name="hostingResourceId" defaultValue={values.hostingResourceId} className="field-input">
              {resources.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {!flight ? text("item-place", "place", t("itinerary.fields.place"), values.place, lodging) : null}
        {!flight && !lodging ? text("item-host", "host", t("itinerary.fields.host"), values.host) : null}
      </div>
      <div>
        <label htmlFor="item-notes" className="field-label">
          {t("itinerary.fields.notes")}
        </label>
        <textarea id="item-notes" name="notes" defaultValue={values.notes} maxLength={2000} rows={2} className="field-input" />
      </div>
      <div className="flex gap-3">
        <button type="submit" className="btn-primary">
          {t("itinerary.save")}
        </button>
        {cancelTo ? (
          <a href={cancelTo} className="btn-secondary">
            {t("itinerary.cancelEdit")}
          </a>
        ) : null}
      </div>
    </Form>
  );
}
