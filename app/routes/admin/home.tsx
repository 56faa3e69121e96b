import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { Form, Link } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/home";
import { FormErrors, Notice, SelectField, TextField } from "../../components/form.tsx";
import { requireAdmin } from "../../lib/auth.server.ts";
import { emailField, localeField } from "../../lib/forms.ts";
import { getLocale } from "../../lib/i18n.server.ts";
import { LOCALE_NAMES, LOCALES, localized } from "../../lib/locales.ts";
import { invalid, readForm } from "../../lib/respond.server.ts";
import { getRuntime, serviceEnv } from "../../lib/runtime.server.ts";
import { findProgramBySlug, listCities, listPrograms } from "../../../db/repositories/programs.ts";
import { invite } from "../../services/invitations.server.ts";

const schema = z.object({
  email: emailField,
  locale: localeField,
  program: z.string({ error: "errors.field.required" }).max(200),
  city: z.string({ error: "errors.field.required" }).max(100),
});

export async function loader({ context, url }: Route.LoaderArgs) {
  requireAdmin(context, url);
  const { db } = getRuntime();
  const locale = getLocale(context);
  const [programs, cities] = await Promise.all([listPrograms(db), listCities(db)]);
  const cityName = new Map(cities.map((c) => [c.id, localized(c.names, locale)]));
  const coordinators = await db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["memberships.program_id", "memberships.city_id", "users.name", "users.email"])
    .where("memberships.role", "=", "coordinator")
    .execute();
  return {
    programs: programs.map((p) => ({
      slug: p.slug,
      title: localized(p.titles, locale),
      cities: [p.city_a_id, p.city_b_id].map((id) => ({ id, name: cityName.get(id) ?? id })),
      coordinators: coordinators.filter((c) => c.program_id === p.id).map((c) => ({ name: c.name, email: c.email, city: cityName.get(c.city_id) ?? c.city_id })),
    })),
    cities: cities.map((c) => ({ id: c.id, name: localized(c.names, locale), timeZone: c.time_zone, locale: c.default_locale })),
  };
}

export async function action({ request, context, url }: Route.ActionArgs) {
  const admin = requireAdmin(context, url);
  const submission = parseWithZod(await readForm(request), { schema });
  if (submission.status !== "success") return invalid(submission.reply());
  const env = serviceEnv();
  const program = await findProgramBySlug(env.db, submission.value.program);
  if (!program) return invalid(submission.reply({ fieldErrors: { program: ["errors.field.invalid"] } }));
  if (![program.city_a_id, program.city_b_id].includes(submission.value.city)) return invalid(submission.reply({ fieldErrors: { city: ["errors.field.invalid"] } }));
  await invite(env, admin, { email: submission.value.email, kind: "coordinator", programId: program.id, cityId: submission.value.city, teamId: null, locale: submission.value.locale });
  return { result: submission.reply({ resetForm: true }), invited: submission.value.email };
}

export default function AdminHome({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof schema>>({ lastResult: actionData?.result, shouldValidate: "onBlur" });
  const invited = actionData && "invited" in actionData ? actionData.invited : null;
  const firstProgram = loaderData.programs[0];
  return (
    <div className="space-y-6" data-testid="admin-home">
      <h1 className="page-title">{t("admin.title")}</h1>
      {invited ? <Notice tone="success">{t("coordinate.panel.invited", { email: invited })}</Notice> : null}
      <section className="card overflow-x-auto">
        <h2 className="text-lg font-semibold">{t("admin.programs")}</h2>
        <Link className="link text-sm" to="/admin/editions/new">
          {t("coordConsole.edition.link")}
        </Link>
        <table className="table-basic mt-2">
          <thead>
            <tr>
              <th scope="col">{t("admin.program")}</th>
              <th scope="col">{t("admin.coordinators")}</th>
              <th scope="col">{t("admin.links")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {loaderData.programs.map((p) => (
              <tr key={p.slug}>
                <td>
                  <strong>{p.title}</strong>
                  <div className="text-xs text-slate-600">{p.slug}</div>
                </td>
                <td>
                  <ul>
                    {p.coordinators.map((c) => (
                      <li key={c.email}>
                        {c.name} ({c.city})
                      </li>
                    ))}
                  </ul>
                </td>
                <td className="space-x-3 whitespace-nowrap">
                  <Link className="link" to={`/programs/${p.slug}/timeline`}>
                    {t("coordinate.home.timeline")}
                  </Link>
                  <Link className="link" to={`/programs/${p.slug}`}>
                    {t("coordinate.home.publicPage")}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card overflow-x-auto">
        <h2 className="text-lg font-semibold">{t("admin.cities")}</h2>
        <table className="table-basic mt-2">
          <thead>
            <tr>
              <th scope="col">{t("admin.city")}</th>
              <th scope="col">{t("admin.timeZone")}</th>
              <th scope="col">{t("admin.defaultLanguage")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {loaderData.cities.map((c) => (
              <tr key={c.id}>
                <td>{c.name}</td>
                <td>{c.timeZone}</td>
                <td>{LOCALE_NAMES[c.locale as keyof typeof LOCALE_NAMES] ?? c.locale}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <Form method="post" {...getFormProps(form)} className="card space-y-4" noValidate>
        <h2 className="text-lg font-semibold">{t("admin.inviteCoordinator")}</h2>
        <FormErrors errors={form.errors} id={form.errorId} />
        <SelectField field={fields.program} label={t("admin.program")} options={loaderData.programs.map((p) => ({ value: p.slug, label: p.title }))} />
        <SelectField field={fields.city} label={t("admin.city")} options={(firstProgram?.cities ?? []).map((c) => ({ value: c.id, label: c.name }))} />
        <TextField field={fields.email} label={t("auth.fields.email")} type="email" required />
        <SelectField field={fields.locale} label={t("coordinate.panel.mailLanguage")} options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))} />
        <button type="submit" className="btn-primary">
          {t("coordinate.panel.sendInvite")}
        </button>
      </Form>
    </div>
  );
}
