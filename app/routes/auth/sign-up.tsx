import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { Form, Link, redirect } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/sign-up";
import { FormErrors, SelectField, TextField } from "../../components/form.tsx";
import { optionalUser } from "../../lib/auth.server.ts";
import { emailField, passwordField, requiredText, timeZoneField } from "../../lib/forms.ts";
import { getLocale } from "../../lib/i18n.server.ts";
import { normaliseLocale } from "../../lib/locales.ts";
import { clientIp } from "../../lib/request.server.ts";
import { invalid, redirectWithSession, readForm } from "../../lib/respond.server.ts";
import { serviceEnv } from "../../lib/runtime.server.ts";
import { suggestedTimeZone, timeZoneOptions } from "../../lib/time-zones.ts";
import { signUp } from "../../services/accounts.server.ts";

const schema = z.object({
  name: requiredText(100),
  email: emailField,
  password: passwordField,
  timeZone: timeZoneField,
});


export async function loader({ context }: Route.LoaderArgs) {
  if (optionalUser(context)) throw redirect("/");
  const locale = getLocale(context);
  return { defaultTimeZone: suggestedTimeZone(locale) };
}

export async function action({ request, context }: Route.ActionArgs) {
  if (optionalUser(context)) throw redirect("/");
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") return invalid(submission.reply({ hideFields: ["password"] }));
  const locale = normaliseLocale(getLocale(context));
  const result = await signUp(serviceEnv(), { ...submission.value, locale, ip: clientIp(request) });
  if (!result.ok) {
    if (result.reason === "rate-limited") throw new Response(null, { status: 429 });
    return invalid(submission.reply({ fieldErrors: { email: ["errors.signUp.emailUnavailable"] }, hideFields: ["password"] }));
  }
  return redirectWithSession("/applicant", result);
}

export default function SignUp({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof schema>>({ lastResult: actionData?.result, shouldValidate: "onBlur" });
  return (
    <section className="mx-auto max-w-md">
      <title>{`${t("auth.signUp.title")} · Passerelle`}</title>
      <h1 className="page-title">{t("auth.signUp.title")}</h1>
      <p className="mt-2 text-slate-700">{t("auth.signUp.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="card mt-6 space-y-4" noValidate>
        <FormErrors errors={form.errors} id={form.errorId} />
        <TextField field={fields.name} label={t("auth.fields.name")} autoComplete="name" required />
        <TextField field={fields.email} label={t("auth.fields.email")} type="email" autoComplete="email" required />
        <TextField field={fields.password} label={t("auth.fields.password")} type="password" autoComplete="new-password" hint={t("auth.fields.passwordHint")} required />
        <SelectField field={fields.timeZone} label={t("auth.fields.timeZone")} options={timeZoneOptions()} defaultValue={loaderData.defaultTimeZone} />
        <button type="submit" className="btn-primary w-full">
          {t("auth.signUp.submit")}
        </button>
        <p className="text-sm text-slate-700">
          {t("auth.signUp.haveAccount")}{" "}
          <Link to="/sign-in" className="link">
            {t("auth.signIn.title")}
          </Link>
        </p>
      </Form>
    </section>
  );
}
