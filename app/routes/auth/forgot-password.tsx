import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { Form } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/forgot-password";
import { FormErrors, Notice, TextField } from "../../components/form.tsx";
import { emailField } from "../../lib/forms.ts";
import { getLocale } from "../../lib/i18n.server.ts";
import { normaliseLocale } from "../../lib/locales.ts";
import { clientIp } from "../../lib/request.server.ts";
import { invalid, readForm } from "../../lib/respond.server.ts";
import { serviceEnv } from "../../lib/runtime.server.ts";
import { requestPasswordReset } from "../../services/accounts.server.ts";

const schema = z.object({ email: emailField });

export async function action({ request, context }: Route.ActionArgs) {
  const submission = parseWithZod(await readForm(request), { schema });
  if (submission.status !== "success") return invalid(submission.reply());
  const result = await requestPasswordReset(serviceEnv(), { email: submission.value.email, ip: clientIp(request), locale: normaliseLocale(getLocale(context)) });
  if (!result.ok) throw new Response(null, { status: 429 });
  return { result: submission.reply({ resetForm: true }), sent: true };
}

export default function ForgotPassword({ actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof schema>>({ lastResult: actionData?.result, shouldValidate: "onBlur" });
  const sent = actionData && "sent" in actionData && actionData.sent;
  return (
    <section className="mx-auto max-w-md">
      <title>{`${t("auth.forgot.title")} · Passerelle`}</title>
      <h1 className="page-title">{t("auth.forgot.title")}</h1>
      <p className="mt-2 text-slate-700">{t("auth.forgot.intro")}</p>
      {sent ? (
        <div className="mt-4">
          <Notice tone="success">{t("auth.forgot.sent")}</Notice>
        </div>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="card mt-6 space-y-4" noValidate>
        <FormErrors errors={form.errors} id={form.errorId} />
        <TextField field={fields.email} label={t("auth.fields.email")} type="email" autoComplete="email" required />
        <button type="submit" className="btn-primary w-full">
          {t("auth.forgot.submit")}
        </button>
      </Form>
    </section>
  );
}
