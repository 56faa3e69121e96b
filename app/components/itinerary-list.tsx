import { Link } from "react-router";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../lib/format.ts";
import { utcToZonedLocal } from "../../workflows/deadlines.ts";

export interface ItineraryRow {
  id: string;
  kind: string;
  title: string;
  starts_at: string;
  ends_at: string;
  start_time_zone: string;
  end_time_zone: string;
  place: string | null;
  host: string | null;
  carrier: string | null;
  flight_number: string | null;
  notes: string | null;
  matchmaking_slot_id: string | null;
}

/** Every time twice: where it happens (its own zone, a flight lands in another) and in the viewer's zone. */
export function ItineraryList({ items, viewerZone, actions }: { items: ItineraryRow[]; viewerZone: string; actions?: (item: ItineraryRow) => ReactNode }) {
  const { t, i18n } = useTranslation();
  const fmt = (iso: string, tz: string) => formatDateTime(iso, tz, i18n.language);
  if (items.length === 0) return <p data-testid="itinerary-empty">{t("itinerary.empty")}</p>;
  const isFlight = (i: ItineraryRow) => i.kind === "flight";
  return (
    <ol className="divide-y divide-slate-200 print:divide-slate-400" data-testid="itinerary-items">
      {items.map((item) => (
        <li key={item.id} className="grid gap-2 py-3 print:break-inside-avoid print:py-1 sm:grid-cols-[12rem_1fr]" data-testid="itinerary-item" data-kind={item.kind} data-starts-at={item.starts_at} data-ends-at={item.ends_at}>
          <div className="text-sm font-semibold text-slate-700">{t(`itinerary.kinds.${item.kind}`, { defaultValue: item.kind })}</div>
          <div className="space-y-1">
            <p className="font-semibold">
              {item.title}
              {isFlight(item) && item.carrier ? <span className="ml-2 text-sm font-normal text-slate-600">{t("itinerary.flightLine", { carrier: item.carrier, number: item.flight_number ?? "" })}</span> : null}
            </p>
            <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-2">
              <div>
                <dt className="text-slate-600">{isFlight(item) ? t("itinerary.departs") : t("itinerary.fields.start")}</dt>
                <dd data-testid="local-start" data-local={utcToZonedLocal(item.starts_at, item.start_time_zone)} data-zone={item.start_time_zone}>{fmt(item.starts_at, item.start_time_zone)}</dd>
                {viewerZone !== item.start_time_zone ? (
                  <dd className="text-slate-600" data-testid="viewer-start" data-local={utcToZonedLocal(item.starts_at, viewerZone)} data-zone={viewerZone}>
                    {t("itinerary.viewerZone", { zone: viewerZone })}: {fmt(item.starts_at, viewerZone)}
                  </dd>
                ) : null}
              </div>
              <div>
                <dt className="text-slate-600">{isFlight(item) ? t("itinerary.arrives") : t("itinerary.fields.end")}</dt>
                <dd data-testid="local-end" data-local={utcToZonedLocal(item.ends_at, item.end_time_zone)} data-zone={item.end_time_zone}>{fmt(item.ends_at, item.end_time_zone)}</dd>
                {viewerZone !== item.end_time_zone ? (
                  <dd className="text-slate-600" data-testid="viewer-end" data-local={utcToZonedLocal(item.ends_at, viewerZone)} data-zone={viewerZone}>
                    {t("itinerary.viewerZone", { zone: viewerZone })}: {fmt(item.ends_at, viewerZone)}
                  </dd>
                ) : null}
              </div>
            </dl>
            {item.place ? (
              <p className="text-sm">
                <span className="text-slate-600">{t("itinerary.where")}: </span>
                {item.place}
              </p>
            ) : null}
            {item.host ? (
              <p className="text-sm">
                <span className="text-slate-600">{t("itinerary.hostLabel")}: </span>
                {item.host}
              </p>
            ) : null}
            {item.notes ? <p className="whitespace-pre-wrap text-sm text-slate-700">{item.notes}</p> : null}
            {actions ? <div className="print:hidden">{actions(item)}</div> : null}
          </div>
        </li>
      ))}
    </ol>
  );
}

/** Calendar export and the printable view, on the team's and the coordinator's itinerary pages. */
export function ItineraryActions({ icsHref, base, print }: { icsHref: string; base: string; print: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="flex flex-wrap gap-3 text-sm print:hidden">
      <a className="link" href={icsHref}>
        {t("itinerary.exportTeam")}
      </a>
      {print ? (
        <>
          <button type="button" className="btn-secondary" onClick={() => window.print()}>
            {t("itinerary.printNow")}
          </button>
          <Link className="link" to={base}>
            {t("itinerary.back")}
          </Link>
        </>
      ) : (
        <Link className="link" to={`${base}?print=1`}>
          {t("itinerary.print")}
        </Link>
      )}
    </div>
  );
}
