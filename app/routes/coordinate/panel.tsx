import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { Form } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/panel";
import { FormErrors, Notice, SelectField, TextField } from "../../components/form.tsx";
import { requireCoordinator } from "../../lib/access.server.ts";
import { forbidden, notFound, requireUser } from "../../lib/auth.server.ts";
import { emailField, localeField } from "../../lib/forms.ts";
import { getLocale } from "../../lib/i18n.server.ts";
import { LOCALE_NAMES, LOCALES, localized } from "../../lib/locales.ts";
import { invalid, readForm } from "../../lib/respond.server.ts";
import { getRuntime, serviceEnv } from "../../lib/runtime.server.ts";
import { panelOf } from "../../../db/repositories/memberships.ts";
import { findProgramBySlug } from "../../../db/repositories/programs.ts";
import { invite } from "../../services/invitations.server.ts";
import { loadPanel, nameChair } from "../../services/panels.server.ts";

const schema = z.object({ email: emailField, locale: localeField });
const chairSchema = z.object({ intent: z.literal("chair"), reviewerId: z.string().max(64) });

async function load(slug: string) {
  const program = await findProgramBySlug(getRuntime().db, slug);
  if (!program) notFound();
  return program;
}

export async function loader({ context, url, params }: Route.LoaderArgs) {
  const user = requireUser(context, url);
  const program = await load(params.slug);
  const { db } = getRuntime();
  const cityId = await requireCoordinator(db, user, program, url.searchParams.get("city"));
  const locale = getLocale(context);
  const city = program.cityA.id === cityId ? program.cityA : program.cityB;
  const reviewers = await panelOf(db, program.id, cityId, "reviewer");
  const chair = (await panelOf(db, program.id, cityId, "chair"))[0];
  const pending = await db
    .selectFrom("invitations")
    .select(["email", "created_at"])
    .where("program_id", "=", program.id)
    .where("city_id", "=", cityId)
    .where("kind", "=", "reviewer")
    .where("accepted_at", "is", null)
    .orderBy("created_at", "desc")
    .execute();
  return {
    program: localized(program.titles, locale),
    city: localized(city.names, locale),
    cityLocale: city.default_locale,
    reviewers: reviewers.map((r) => ({ id: r.id, name: r.name, email: r.email, chair: r.id === chair?.id })),
    pending: pending.map((p) => p.email),
    invited: url.searchParams.get("invited"),
  };
}

export async function action({ request, context, url, params }: Route.ActionArgs) {
  const user = requireUser(context, url);
  const program = await load(params.slug);
  const env = serviceEnv();
  const cityId = await requireCoordinator(env.db, user, program, url.searchParams.get("city"));
  const form = await readForm(request);
  const chairRequest = chairSchema.safeParse(Object.fromEntries(form));
  if (chairRequest.success) {
    const found = await loadPanel(env.db, user, params.slug, cityId);
    if (!found || found === "forbidden") forbidden();
    await nameChair(env, user, found, chairRequest.data.reviewerId || null);
    return { result: undefined, invited: null };
  }
  const submission = parseWithZod(form, { schema });
  if (submission.status !== "success") return invalid(submission.reply());
  await invite(env, user, { email: submission.value.email, kind: "reviewer", programId: program.id, cityId, teamId: null, locale: submission.value.locale });
  return { result: submission.reply({ resetForm: true }), invited: submission.value.email };
}

export default function Panel({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof schema>>({ lastResult: actionData?.result, shouldValidate: "onBlur" });
  const invited = actionData && "invited" in actionData ? actionData.invited : null;
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("coordinate.panel.title", { city: loaderData.city })}</h1>
      <p className="text-slate-700">{loaderData.program}</p>
      {invited ? <Notice tone="success">{t("coordinate.panel.invited", { email: invited })}</Notice> : null}
      <section className="card">
        <h2 className="text-lg font-semibold">{t("coordinate.panel.members")}</h2>
        <ul className="mt-2 divide-y divide-slate-100">
          {loaderData.reviewers.map((r) => (
            <li key={r.email} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span>
                {r.name} <span className="text-sm text-slate-600">· {r.email}</span>
                {r.chair ? <strong className="ml-2 rounded bg-brand-50 px-1.5 py-0.5 text-xs text-brand-900">{t("coordinate.panel.chair")}</strong> : null}
              </span>
              <Form method="post">
                <input type="hidden" name="intent" value="chair" />
                <input type="hidden" name="reviewerId" value={r.chair ? "" : r.id} />
                <button type="submit" className="btn-secondary px-2 py-1 text-xs">
                  {r.chair ? t("coordinate.panel.unsetChair") : t("coordinate.panel.setChair")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
        {loaderData.pending.length > 0 ? (
          <>
            <h3 className="mt-4 font-semibold">{t("coordinate.panel.pending")}</h3>
            <ul className="mt-1 text-sm text-slate-700">
              {loaderData.pending.map((email) => (
                <li key={email}>{email}</li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <Form method="post" {...getFormProps(form)} className="card space-y-4" noValidate>
        <h2 className="text-lg font-semibold">{t("coordinate.panel.invite")}</h2>
        <FormErrors errors={form.errors} id={form.errorId} />
        <TextField field={fields.email} label={t("auth.fields.email")} type="email" required />
        <SelectField field={fields.locale} label={t("coordinate.panel.mailLanguage")} defaultValue={loaderData.cityLocale} options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))} />
        <button type="submit" className="btn-primary">
          {t("coordinate.panel.sendInvite")}
        </button>
      </Form>
    </div>
  );
}
