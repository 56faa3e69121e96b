import { useTranslation } from "react-i18next";
import { data, Form, Link, redirect } from "react-router";
import { useState } from "react";
import { z } from "zod";
import type { Route } from "./+types/edition-new";
import { Notice, Alert } from "../../components/form.tsx";
import { requireAdmin } from "../../lib/auth.server.ts";
import { getLocale } from "../../lib/i18n.server.ts";
import { localized } from "../../lib/locales.ts";
import { readForm } from "../../lib/respond.server.ts";
import { getRuntime, serviceEnv } from "../../lib/runtime.server.ts";
import { listPrograms } from "../../../db/repositories/programs.ts";
import { createNextEdition, editionChoices } from "../../services/editions.server.ts";

export async function loader({ context, url }: Route.LoaderArgs) {
  requireAdmin(context, url);
  const { db } = getRuntime();
  const locale = getLocale(context);
  const [choices, programs] = await Promise.all([editionChoices(db), listPrograms(db)]);
  const titleOf = new Map(programs.map((p) => [p.slug, localized(p.titles, locale)]));
  const from = url.searchParams.get("from");
  return {
    choices: choices.map((c) => ({ ...c, label: `${titleOf.get(c.slug) ?? c.slug} (${c.slug})` })),
    selected: choices.some((c) => c.slug === from) ? from! : (choices[0]?.slug ?? ""),
    created: url.searchParams.get("created"),
  };
}

const schema = z.object({
  previous: z.string().trim().min(1).max(200),
  slug: z.string().trim().min(1).max(80),
  titleEn: z.string().trim().min(1).max(200),
  titleFr: z.string().trim().min(1).max(200),
  titleZh: z.string().trim().min(1).max(200),
});

export async function action({ request, context, url }: Route.ActionArgs) {
  const admin = requireAdmin(context, url);
  const parsed = schema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ error: "coordConsole.errors.invalid" }, { status: 400 });
  const d = parsed.data;
  const outcome = await createNextEdition(serviceEnv(), { userId: admin.id, label: admin.email }, { previousSlug: d.previous, slug: d.slug, titles: { en: d.titleEn, fr: d.titleFr, "zh-TW": d.titleZh } });
  if (!outcome.ok) return data({ error: outcome.error }, { status: outcome.status === 404 ? 400 : outcome.status });
  return redirect(`/admin/editions/new?created=${encodeURIComponent(outcome.slug)}`);
}

export default function EditionNew({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState(loaderData.selected);
  const choice = loaderData.choices.find((c) => c.slug === selected);
  return (
    <div className="space-y-6" data-testid="edition-new">
      <h1 className="page-title">{t("coordConsole.edition.title")}</h1>
      <p className="text-slate-700">{t("coordConsole.edition.intro")}</p>
      {loaderData.created ? (
        <Notice tone="success">
          {t("coordConsole.edition.created", { slug: loaderData.created })}{" "}
          <Link className="link" to={`/programs/${loaderData.created}/timeline`}>
            {t("coordinate.home.timeline")}
          </Link>
        </Notice>
      ) : null}
      {actionData?.error ? (
        <Alert testId="edition-error">
          {t(actionData.error)}
        </Alert>
      ) : null}
      <Form method="post" className="card space-y-3" key={selected}>
        <div>
          <label htmlFor="previous" className="field-label">
            {t("coordConsole.edition.previous")}
          </label>
          <select id="previous" name="previous" value={selected} onChange={(e) => setSelected(e.target.value)} className="field-input">
            {loaderData.choices.map((c) => (
              <option key={c.slug} value={c.slug}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="slug" className="field-label">
            {t("coordConsole.edition.slug")}
          </label>
          <input id="slug" name="slug" required maxLength={80} pattern="[a-z0-9]+(-[a-z0-9]+)*" defaultValue={choice?.suggestedSlug ?? ""} aria-describedby="slug-hint" className="field-input" />
          <p id="slug-hint" className="text-xs text-slate-600">
            {t("coordConsole.edition.slugHint")}
          </p>
        </div>
        {(
          [
            ["titleEn", "coordConsole.edition.titleEn", "en"],
            ["titleFr", "coordConsole.edition.titleFr", "fr"],
            ["titleZh", "coordConsole.edition.titleZh", "zh-TW"],
          ] as const
        ).map(([name, label, lang]) => (
          <div key={name}>
            <label htmlFor={name} className="field-label">
              {t(label)}
            </label>
            <input id={name} name={name} required maxLength={200} defaultValue={choice?.titles[lang] ?? ""} className="field-input" />
          </div>
        ))}
        <button type="submit" className="btn-primary">
          {t("coordConsole.edition.create")}
        </button>
      </Form>
    </div>
  );
}
