import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { Form, redirect } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/team-new";
import { FormErrors, SelectField, TextField } from "../../components/form.tsx";
import { requireUser } from "../../lib/auth.server.ts";
import { optionalText, requiredText } from "../../lib/forms.ts";
import { getLocale } from "../../lib/i18n.server.ts";
import { localized } from "../../lib/locales.ts";
import { invalid, readForm } from "../../lib/respond.server.ts";
import { getRuntime, serviceEnv } from "../../lib/runtime.server.ts";
import { listCities } from "../../../db/repositories/programs.ts";
import { createTeam } from "../../services/teams.server.ts";

const thisYear = new Date().getUTCFullYear();
const schema = z.object({
  name: requiredText(120),
  cityId: z.string({ error: "errors.field.required" }).max(64),
  foundingYear: z.coerce.number({ error: "errors.field.number" }).int("errors.field.number").min(1900, "errors.team.year").max(thisYear + 1, "errors.team.year").optional(),
  website: z
    .string()
    .trim()
    .max(300, "errors.field.tooLong")
    .optional()
    .refine((v) => !v || /^https?:\/\/[^\s<>"]+\.[^\s<>"]+$/i.test(v), "errors.field.url"),
  sector: optionalText(120),
  size: z.coerce.number({ error: "errors.field.number" }).int("errors.field.number").min(1, "errors.team.size").max(10_000, "errors.team.size").optional(),
});

export async function loader({ context, url }: Route.LoaderArgs) {
  const user = requireUser(context, url);
  const locale = getLocale(context);
  const cities = await listCities(getRuntime().db);
  return { cities: cities.map((c) => ({ value: c.id, label: localized(c.names, locale) })), defaultCity: user.time_zone === "Europe/Paris" ? "toulouse" : cities[0]?.id };
}

export async function action({ request, context, url }: Route.ActionArgs) {
  const user = requireUser(context, url);
  const submission = parseWithZod(await readForm(request), { schema });
  if (submission.status !== "success") return invalid(submission.reply());
  const v = submission.value;
  const result = await createTeam(serviceEnv(), user, { name: v.name, cityId: v.cityId, foundingYear: v.foundingYear ?? null, website: v.website || null, sector: v.sector, size: v.size ?? null });
  if (!result.ok) return invalid(submission.reply({ fieldErrors: { cityId: ["errors.field.invalid"] } }));
  throw redirect(`/applicant/teams/${result.teamId}?created=1`);
}

export default function NewTeam({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof schema>>({ lastResult: actionData?.result, shouldValidate: "onBlur" });
  return (
    <section className="mx-auto max-w-xl">
      <h1 className="page-title">{t("team.createTitle")}</h1>
      <p className="mt-2 text-slate-700">{t("team.createIntro")}</p>
      <Form method="post" {...getFormProps(form)} className="card mt-6 space-y-4" noValidate>
        <FormErrors errors={form.errors} id={form.errorId} />
        <TextField field={fields.name} label={t("team.fields.name")} autoComplete="organization" required />
        <SelectField field={fields.cityId} label={t("team.fields.city")} options={loaderData.cities} defaultValue={loaderData.defaultCity} />
        <TextField field={fields.foundingYear} label={t("team.fields.foundingYear")} inputMode="numeric" />
        <TextField field={fields.website} label={t("team.fields.website")} type="url" autoComplete="url" hint={t("team.fields.websiteHint")} />
        <TextField field={fields.sector} label={t("team.fields.sector")} />
        <TextField field={fields.size} label={t("team.fields.size")} inputMode="numeric" />
        <button type="submit" className="btn-primary w-full">
          {t("team.createSubmit")}
        </button>
      </Form>
    </section>
  );
}
