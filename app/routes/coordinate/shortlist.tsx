import { useTranslation } from "react-i18next";
import { data, Form } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/shortlist";
import { Notice, Alert } from "../../components/form.tsx";
import { RankingTable } from "../../components/ranking-table.tsx";
import { requirePanelChair } from "../../lib/panel.server.ts";
import { readForm } from "../../lib/respond.server.ts";
import { getRuntime, serviceEnv } from "../../lib/runtime.server.ts";
import { decisionOf, lockShortlist, pickFinalists, rankingView } from "../../services/panels.server.ts";
import { tableLines } from "../../services/ranking.ts";

const SORTS = ["normalised", "mean", "spread", "reviews"] as const;

/** One page for both decisions: the home panel's shortlist of 5 and, later, the pick of 2 from the partner's 5. */
export async function loader({ context, url, params }: Route.LoaderArgs) {
  const { panel } = await requirePanelChair(context, url, params.slug);
  const { db } = getRuntime();
  const sort = SORTS.find((s) => s === url.searchParams.get("sort")) ?? "normalised";
  const mode = url.pathname.endsWith("/picks") ? "pick" : "shortlist";
  const decision = await decisionOf(db, panel.program.id, panel.cityId, mode);
  const open = panel.stage === mode;
  const ids = mode === "shortlist" ? (open ? panel.proposalIds : (panel.ownShortlist ?? [])) : (panel.partnerShortlist ?? []);
  const homeDecision = mode === "pick" ? await decisionOf(db, panel.program.id, panel.partnerId, "shortlist") : undefined;
  return {
    mode,
    slug: panel.program.slug,
    open,
    version: panel.version,
    required: mode === "shortlist" ? Math.min(5, panel.proposalIds.length) : Math.min(2, ids.length),
    rows: tableLines(await rankingView(db, panel, mode, ids, sort)),
    sort,
    decision: decision ? { ids: JSON.parse(decision.ids) as string[], rationale: decision.rationale, at: decision.decided_at } : null,
    homeRationale: homeDecision?.rationale ?? null,
    done: url.searchParams.get("done") === "1",
  };
}

const schema = z.object({
  ids: z.array(z.string().max(64)).max(50),
  rationale: z.string().trim().min(1, "errors.field.required").max(5000),
  shareScores: z.literal("yes").optional(),
  version: z.coerce.number().int().min(1),
});

export async function action({ request, context, url, params }: Route.ActionArgs) {
  const { user, panel } = await requirePanelChair(context, url, params.slug);
  const form = await readForm(request);
  const parsed = schema.safeParse({ ids: form.getAll("ids"), rationale: form.get("rationale"), shareScores: form.get("shareScores") ?? undefined, version: form.get("version") });
  if (!parsed.success) return data({ error: "errors.decision.rationale" }, { status: 400 });
  const env = serviceEnv();
  const mode = url.pathname.endsWith("/picks") ? "pick" : "shortlist";
  // Keep the ranking's order: it becomes the shortlist's (and the reserve list's) order.
  const ranking = await rankingView(env.db, panel, mode, mode === "shortlist" ? panel.proposalIds : (panel.partnerShortlist ?? []), "normalised");
  const ordered = [...parsed.data.ids].sort((a, b) => ranking.findIndex((r) => r.id === a) - ranking.findIndex((r) => r.id === b));
  const result =
    mode === "shortlist"
      ? await lockShortlist(env, user, panel, { ids: ordered, rationale: parsed.data.rationale, shareScores: parsed.data.shareScores === "yes", expectedVersion: parsed.data.version })
      : await pickFinalists(env, user, panel, { ids: ordered, rationale: parsed.data.rationale, expectedVersion: parsed.data.version });
  if (!result.ok) return data({ error: result.error === "conflict" ? "errors.workflow.conflict" : `errors.decision.${result.error}` }, { status: result.error === "conflict" ? 409 : 400 });
  return { error: null, locked: true };
}

export default function Decision({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const d = loaderData;
  const error = actionData && "error" in actionData ? actionData.error : null;
  const base = `/coordinate/${d.slug}/${d.mode === "shortlist" ? "shortlist" : "picks"}`;
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t(`decision.${d.mode}.title`)}</h1>
      <p className="text-slate-700">{t(`decision.${d.mode}.intro`, { count: d.required })}</p>
      {error ? (
        <Alert testId="decision-error">
          {t(error, { count: d.required })}
        </Alert>
      ) : null}
      {d.homeRationale ? (
        <section className="card">
          <h2 className="font-semibold">{t("review.homeRationale")}</h2>
          <p className="mt-1 whitespace-pre-wrap">{d.homeRationale}</p>
        </section>
      ) : null}
      {d.decision ? (
        <Notice tone="success">
          {t(`decision.${d.mode}.locked`, { at: new Date(d.decision.at).toLocaleString(i18n.language) })}
        </Notice>
      ) : null}
      {d.open && !d.decision ? (
        <Form method="post" className="space-y-4" data-testid="decision-form">
          <input type="hidden" name="version" value={d.version} />
          <RankingTable rows={d.rows} sort={d.sort} baseHref={base} select={{ name: "ids", max: d.required }} />
          <div>
            <label htmlFor="rationale" className="field-label">
              {t("decision.rationale")}
            </label>
            <textarea id="rationale" name="rationale" rows={3} maxLength={5000} required className="field-input" />
          </div>
          {d.mode === "shortlist" ? (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="shareScores" value="yes" /> {t("decision.shareScores")}
            </label>
          ) : null}
          <button type="submit" className="btn-primary">
            {t(`decision.${d.mode}.submit`, { count: d.required })}
          </button>
        </Form>
      ) : (
        <RankingTable rows={d.rows} sort={d.sort} baseHref={base} />
      )}
      {!d.open && !d.decision ? <p className="text-slate-700">{t(`decision.${d.mode}.notOpen`)}</p> : null}
    </div>
  );
}
