import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { Form, Link } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/reset-password";
import { FormErrors, TextField } from "../../components/form.tsx";
import { passwordField } from "../../lib/forms.ts";
import { invalid, redirectWithSession, readForm } from "../../lib/respond.server.ts";
import { getRuntime, serviceEnv } from "../../lib/runtime.server.ts";
import { isResetTokenUsable, resetPassword } from "../../services/accounts.server.ts";

const schema = z.object({ password: passwordField });

export async function loader({ params }: Route.LoaderArgs) {
  const { db, clock } = getRuntime();
  return { usable: await isResetTokenUsable(db, params.token, clock.now()) };
}

export async function action({ request, params }: Route.ActionArgs) {
  const submission = parseWithZod(await readForm(request), { schema });
  if (submission.status !== "success") return invalid(submission.reply({ hideFields: ["password"] }));
  const result = await resetPassword(serviceEnv(), { token: params.token, password: submission.value.password });
  if (!result.ok) return invalid(submission.reply({ formErrors: ["errors.reset.invalidLink"], hideFields: ["password"] }), 410);
  return redirectWithSession("/settings?reset=1", result);
}

export default function ResetPassword({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof schema>>({ lastResult: actionData?.result, shouldValidate: "onBlur" });
  if (!loaderData.usable && !actionData) {
    return (
      <section className="mx-auto max-w-md">
        <title>{`${t("auth.reset.title")} · Passerelle`}</title>
      <h1 className="page-title">{t("auth.reset.title")}</h1>
        <p className="mt-4 text-slate-700" role="alert">
          {t("errors.reset.invalidLink")}
        </p>
        <Link to="/forgot-password" className="btn-primary mt-6">
          {t("auth.forgot.title")}
        </Link>
      </section>
    );
  }
  return (
    <section className="mx-auto max-w-md">
      <title>{`${t("auth.reset.title")} · Passerelle`}</title>
      <h1 className="page-title">{t("auth.reset.title")}</h1>
      <Form method="post" {...getFormProps(form)} className="card mt-6 space-y-4" noValidate>
        <FormErrors errors={form.errors} id={form.errorId} />
        <TextField field={fields.password} label={t("auth.fields.newPassword")} type="password" autoComplete="new-password" hint={t("auth.fields.passwordHint")} required />
        <button type="submit" className="btn-primary w-full">
          {t("auth.reset.submit")}
        </button>
      </Form>
    </section>
  );
}
