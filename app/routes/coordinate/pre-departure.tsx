import { useTranslation } from "react-i18next";
import { data, Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/pre-departure";
import { Notice, Alert } from "../../components/form.tsx";
import { StateBadge } from "../../components/state-badge.tsx";
import { CHECKLIST_ITEMS, HOST_VISIBLE_ITEMS, type ChecklistItem } from "../../lib/checklist.ts";
import { requireCityCoordinator } from "../../lib/city-coordinator.server.ts";
import { formatDateTime } from "../../lib/format.ts";
import { readForm } from "../../lib/respond.server.ts";
import { getRuntime, serviceEnv } from "../../lib/runtime.server.ts";
import { predepartureOverview, scheduleMeeting, type TeamChecklist } from "../../services/predeparture.server.ts";
import { utcToZonedLocal, zonedLocalToUtc } from "../../../workflows/deadlines.ts";

/** The sending city briefs its outgoing teams: the meeting, and each team's checklist. */
export async function loader({ context, url, params }: Route.LoaderArgs) {
  const { user, program, cityId, city, partnerId } = await requireCityCoordinator(context, url, params.slug);
  const overview = await predepartureOverview(getRuntime().db, program, cityId, partnerId);
  return {
    slug: program.slug,
    cityZone: city.time_zone,
    timeZone: user.time_zone ?? city.time_zone,
    meeting: overview.meeting
      ? { startsAt: overview.meeting.starts_at, local: utcToZonedLocal(overview.meeting.starts_at, city.time_zone), place: overview.meeting.place, videoUrl: overview.meeting.video_url, agenda: overview.meeting.agenda }
      : null,
    outgoing: overview.outgoing,
    incoming: overview.incoming,
  };
}

const schema = z.object({
  startsAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/),
  place: z.string().trim().max(300).optional(),
  videoUrl: z.string().trim().max(500).optional(),
  agenda: z.string().trim().min(1).max(4000),
});

export async function action({ request, context, url, params }: Route.ActionArgs) {
  const { user, program, cityId, city } = await requireCityCoordinator(context, url, params.slug);
  const parsed = schema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ error: "predeparture.errors.invalid", notified: null }, { status: 400 });
  let startsAt: string;
  try {
    startsAt = zonedLocalToUtc(parsed.data.startsAt, city.time_zone);
  } catch {
    return data({ error: "predeparture.errors.invalid", notified: null }, { status: 400 });
  }
  const result = await scheduleMeeting(serviceEnv(), user, program, cityId, { startsAt, place: parsed.data.place || null, videoUrl: parsed.data.videoUrl || null, agenda: parsed.data.agenda });
  if (!result.ok) return data({ error: `predeparture.errors.${result.error}`, notified: null }, { status: 400 });
  return { error: null, notified: result.notified };
}

function ChecklistTable({ teams, items, testId }: { teams: TeamChecklist[]; items: readonly ChecklistItem[]; testId: string }) {
  const { t } = useTranslation();
  return (
    <ul className="space-y-4" data-testid={testId}>
      {teams.map((team) => (
        <li key={team.id} className="space-y-2" data-testid="team-checklist" data-team={team.team}>
          <div className="flex flex-wrap items-center gap-2">
            <strong>{team.team}</strong> <span className="text-sm text-slate-600">· {team.title}</span>
            <StateBadge state={team.state} />
          </div>
          <table className="table-basic">
            <thead>
              <tr>
                <th scope="col">{t("predeparture.item")}</th>
                <th scope="col">{t("predeparture.status")}</th>
                <th scope="col">{t("predeparture.value")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const entry = team.items[item];
                return (
                  <tr key={item} data-testid={`item-${item}`} data-status={entry?.status ?? "todo"}>
                    <th scope="row" className="font-normal">
                      {t(`checklist.item.${item}`)}
                    </th>
                    <td>{t(`checklist.statusName.${entry?.status ?? "todo"}`)}</td>
                    <td className="whitespace-pre-wrap break-words">{entry?.value ?? ""}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </li>
      ))}
    </ul>
  );
}

export default function PreDeparture({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const navigation = useNavigation();
  const d = loaderData;
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("predeparture.title")}</h1>
      <p className="text-slate-700">{t("predeparture.intro")}</p>
      {actionData?.error ? (
        <Alert>
          {t(actionData.error)}
        </Alert>
      ) : null}
      {actionData && actionData.notified !== null ? <Notice tone="success">{t("predeparture.saved", { count: actionData.notified })}</Notice> : null}

      <section className="card space-y-3" aria-labelledby="meeting-heading">
        <h2 id="meeting-heading" className="text-lg font-semibold">
          {t("predeparture.meeting")}
        </h2>
        <p data-testid="meeting-when">{d.meeting ? t("predeparture.scheduledFor", { when: formatDateTime(d.meeting.startsAt, d.cityZone, i18n.language) }) : t("predeparture.noMeeting")}</p>
        <Form method="post" className="grid gap-3 sm:grid-cols-2" key={d.meeting?.startsAt ?? "new"}>
          <div>
            <label htmlFor="startsAt" className="field-label">
              {t("predeparture.startsAt", { zone: d.cityZone })}
            </label>
            <input id="startsAt" name="startsAt" type="datetime-local" required defaultValue={d.meeting?.local ?? ""} className="field-input" />
          </div>
          <div>
            <label htmlFor="place" className="field-label">
              {t("predeparture.place")}
            </label>
            <input id="place" name="place" maxLength={300} defaultValue={d.meeting?.place ?? ""} className="field-input" />
          </div>
          <div className="sm:col-span-2">
            <label htmlFor="videoUrl" className="field-label">
              {t("predeparture.videoUrl")}
            </label>
            <input id="videoUrl" name="videoUrl" type="url" pattern="https://.*" maxLength={500} defaultValue={d.meeting?.videoUrl ?? ""} className="field-input" />
          </div>
          <div className="sm:col-span-2">
            <label htmlFor="agenda" className="field-label">
              {t("predeparture.agenda")}
            </label>
            <textarea id="agenda" name="agenda" required maxLength={4000} rows={4} defaultValue={d.meeting?.agenda ?? ""} className="field-input" />
          </div>
          <div className="sm:col-span-2">
            <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
              {t("predeparture.save")}
            </button>
          </div>
        </Form>
        <p className="text-sm text-slate-700">
          {t("predeparture.heldOnTimeline")}{" "}
          <Link className="link" to={`/programs/${d.slug}/timeline`}>
            {t("predeparture.timelineLink")}
          </Link>
        </p>
      </section>

      <section className="card space-y-3" aria-labelledby="outgoing-heading">
        <h2 id="outgoing-heading" className="text-lg font-semibold">
          {t("predeparture.outgoing")}
        </h2>
        {d.outgoing.length === 0 ? <p>{t("predeparture.noOutgoing")}</p> : <ChecklistTable teams={d.outgoing} items={CHECKLIST_ITEMS} testId="outgoing-teams" />}
      </section>

      <section className="card space-y-3" aria-labelledby="incoming-heading">
        <h2 id="incoming-heading" className="text-lg font-semibold">
          {t("predeparture.incoming")}
        </h2>
        <p className="text-sm text-slate-700">{t("predeparture.incomingHint")}</p>
        {d.incoming.length === 0 ? <p>{t("predeparture.noIncoming")}</p> : <ChecklistTable teams={d.incoming} items={HOST_VISIBLE_ITEMS} testId="incoming-teams" />}
      </section>
    </div>
  );
}
