import { useTranslation } from "react-i18next";
import type { Route } from "./+types/outbox";
import { forbidden, requireUser } from "../../lib/auth.server.ts";
import { getRuntime } from "../../lib/runtime.server.ts";
import { membershipsOf } from "../../../db/repositories/memberships.ts";
import { formatDateTime } from "../../lib/format.ts";

const PAGE = 50;

/**
 * Admins see every message. A coordinator sees the messages of their own
 * city in their programmes, and those sent to people of that city's teams
 * and panel, never the partner city's.
 */
export async function loader({ context, url }: Route.LoaderArgs) {
  const user = requireUser(context, url);
  const { db } = getRuntime();
  let query = db.selectFrom("outbox").select(["id", "to_email", "locale", "template", "subject", "body_text", "status", "created_at", "sent_at"]);
  if (!user.is_admin) {
    const scopes = (await membershipsOf(db, user.id)).filter((m) => m.role === "coordinator");
    if (scopes.length === 0) forbidden();
    query = query.where((eb) =>
      eb.or(
        scopes.map((s) =>
          eb.and([
            eb("outbox.program_id", "=", s.program_id),
            eb("outbox.city_id", "=", s.city_id),
          ]),
        ),
      ),
    );
  }
  const to = url.searchParams.get("to")?.trim().slice(0, 254);
  if (to) query = query.where("to_email", "=", to.toLowerCase());
  const messages = await query.orderBy("created_at", "desc").limit(PAGE).execute();
  return { messages, to: to ?? "", timeZone: user.time_zone ?? "UTC" };
}

export default function Outbox({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  return (
    <div className="space-y-4">
      <h1 className="page-title">{t("outbox.title")}</h1>
      <form method="get" className="flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="to" className="field-label">
            {t("outbox.filterTo")}
          </label>
          <input id="to" name="to" type="email" defaultValue={loaderData.to} className="field-input" />
        </div>
        <button type="submit" className="btn-secondary">
          {t("outbox.filter")}
        </button>
      </form>
      {loaderData.messages.length === 0 ? <p>{t("outbox.empty")}</p> : null}
      <ul className="space-y-3">
        {loaderData.messages.map((m) => (
          <li key={m.id} className="card" data-testid="outbox-message">
            <details>
              <summary className="cursor-pointer">
                <span className="font-semibold">{m.subject}</span>
                <span className="block text-sm text-slate-600">
                  {t("outbox.to")} {m.to_email} · {formatDateTime(m.created_at, loaderData.timeZone, i18n.language)} · {t(`outbox.status.${m.status}`)}
                </span>
              </summary>
              <pre className="mt-3 whitespace-pre-wrap break-words font-sans text-sm text-slate-800">{m.body_text}</pre>
            </details>
          </li>
        ))}
      </ul>
    </div>
  );
}
