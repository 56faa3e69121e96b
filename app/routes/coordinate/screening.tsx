import { useTranslation } from "react-i18next";
import { Alert } from "../../components/form.tsx";
import { data, Form } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/screening";
import { StateBadge } from "../../components/state-badge.tsx";
import { requirePanelCoordinator } from "../../lib/panel.server.ts";
import { readForm } from "../../lib/respond.server.ts";
import { getRuntime, serviceEnv } from "../../lib/runtime.server.ts";
import { screenProposal } from "../../services/panels.server.ts";

export async function loader({ context, url, params }: Route.LoaderArgs) {
  const { panel } = await requirePanelCoordinator(context, url, params.slug);
  const rows = await getRuntime()
    .db.selectFrom("proposals")
    .innerJoin("teams", "teams.id", "proposals.team_id")
    .select(["proposals.id", "proposals.title", "proposals.state", "proposals.ineligible_reason", "teams.name as team"])
    .where("proposals.program_id", "=", panel.program.id)
    .where("proposals.city_id", "=", panel.cityId)
    .where("proposals.state", "in", ["screening", "inReview", "ineligible"])
    .orderBy("proposals.submitted_at")
    .execute();
  return { slug: panel.program.slug, rows };
}

const schema = z.object({ proposalId: z.string().max(64), decision: z.enum(["eligible", "ineligible"]), reason: z.string().trim().max(1000).optional() });

export async function action({ request, context, url, params }: Route.ActionArgs) {
  const { user, panel } = await requirePanelCoordinator(context, url, params.slug);
  const parsed = schema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ error: "errors.field.invalid" }, { status: 400 });
  if (parsed.data.decision === "ineligible" && !parsed.data.reason) return data({ error: "errors.screening.reasonRequired" }, { status: 400 });
  const result = await screenProposal(serviceEnv(), user, panel, parsed.data.proposalId, parsed.data.decision === "eligible", parsed.data.reason ?? null);
  if (!result.ok) return data({ error: `errors.review.${result.error}` }, { status: 400 });
  return { error: null };
}

export default function Screening({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const error = actionData?.error;
  return (
    <div className="space-y-4">
      <h1 className="page-title">{t("screening.title")}</h1>
      <p className="text-slate-700">{t("screening.intro")}</p>
      {error ? (
        <Alert>
          {t(error)}
        </Alert>
      ) : null}
      {loaderData.rows.length === 0 ? <p>{t("screening.none")}</p> : null}
      <ul className="space-y-3">
        {loaderData.rows.map((r) => (
          <li key={r.id} className="card space-y-2" data-testid="screening-item">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <span>
                <strong>{r.title}</strong> <span className="text-sm text-slate-600">· {r.team}</span>
              </span>
              <StateBadge state={r.state} />
            </div>
            {r.ineligible_reason ? <p className="text-sm text-slate-700">{t("status.reason", { reason: r.ineligible_reason })}</p> : null}
            {r.state === "screening" ? (
              <div className="flex flex-wrap items-end gap-3">
                <Form method="post">
                  <input type="hidden" name="proposalId" value={r.id} />
                  <input type="hidden" name="decision" value="eligible" />
                  <button type="submit" className="btn-primary">
                    {t("screening.eligible")}
                  </button>
                </Form>
                <Form method="post" className="flex flex-wrap items-end gap-2">
                  <input type="hidden" name="proposalId" value={r.id} />
                  <input type="hidden" name="decision" value="ineligible" />
                  <div>
                    <label htmlFor={`reason-${r.id}`} className="field-label">
                      {t("screening.reason")}
                    </label>
                    <input id={`reason-${r.id}`} name="reason" maxLength={1000} required className="field-input" />
                  </div>
                  <button type="submit" className="btn-danger">
                    {t("screening.ineligible")}
                  </button>
                </Form>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
