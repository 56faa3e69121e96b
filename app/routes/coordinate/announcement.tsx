import { useTranslation } from "react-i18next";
import { Form, Link } from "react-router";
import type { Route } from "./+types/announcement";
import { requirePanelCoordinator } from "../../lib/panel.server.ts";
import { getRuntime } from "../../lib/runtime.server.ts";
import { loadProgramSnapshot } from "../../services/timeline.server.ts";
import { resultsPublished } from "../../services/workflows.server.ts";

/** Every held result notification, as each recipient will read it, before both cities publish. */
export async function loader({ context, url, params }: Route.LoaderArgs) {
  const { panel } = await requirePanelCoordinator(context, url, params.slug);
  const { db } = getRuntime();
  const messages = await db
    .selectFrom("outbox")
    .select(["id", "to_email", "locale", "subject", "body_text", "city_id"])
    .where("program_id", "=", panel.program.id)
    .where("status", "=", "held")
    .where("city_id", "=", panel.cityId)
    .orderBy("to_email")
    .execute();
  const loaded = await loadProgramSnapshot(db, panel.program.id);
  const canPublish = !!loaded && loaded.snapshot.can({ type: "PUBLISH_RESULTS", at: new Date().toISOString() });
  // Once published, "not yet possible" would be wrong: say it is done.
  const published = await resultsPublished(db, panel.program.id);
  return { slug: panel.program.slug, messages, canPublish, published, version: loaded?.version ?? 0 };
}

export default function Announcement({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const d = loaderData;
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("announcement.title")}</h1>
      {d.published ? (
        <p className="font-medium text-green-900" data-testid="published">
          {t("timeline.event.PUBLISH_RESULTS")}
        </p>
      ) : (
        <p className="text-slate-700">{t("announcement.intro", { count: d.messages.length })}</p>
      )}
      {d.published ? null : d.canPublish ? (
        <Form method="post" action={`/programs/${d.slug}/timeline`}>
          <input type="hidden" name="intent" value="PUBLISH_RESULTS" />
          <input type="hidden" name="version" value={d.version} />
          <button type="submit" className="btn-primary">
            {t("timeline.action.PUBLISH_RESULTS")}
          </button>
        </Form>
      ) : (
        <p className="text-sm text-slate-600">{t("announcement.notYet")}</p>
      )}
      <ul className="space-y-3" data-testid="held-messages">
        {d.messages.map((m) => (
          <li key={m.id} className="card">
            <details>
              <summary className="cursor-pointer">
                <span className="font-semibold">{m.subject}</span>
                <span className="block text-sm text-slate-600">
                  {m.to_email} · {m.locale}
                </span>
              </summary>
              <pre className="mt-3 whitespace-pre-wrap break-words font-sans text-sm">{m.body_text}</pre>
            </details>
          </li>
        ))}
      </ul>
      <Link to={`/programs/${d.slug}/timeline`} className="link">
        {t("coordinate.home.timeline")}
      </Link>
    </div>
  );
}
