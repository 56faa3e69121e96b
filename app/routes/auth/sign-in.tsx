import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { Form, Link, redirect } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/sign-in";
import { FormErrors, Notice, TextField } from "../../components/form.tsx";
import { homePathFor } from "../../lib/access.server.ts";
import { optionalUser, safeReturnPath } from "../../lib/auth.server.ts";
import { emailField } from "../../lib/forms.ts";
import { clientIp } from "../../lib/request.server.ts";
import { invalid, redirectWithSession, readForm } from "../../lib/respond.server.ts";
import { getRuntime, serviceEnv } from "../../lib/runtime.server.ts";
import { findUserById } from "../../../db/repositories/users.ts";
import { signIn } from "../../services/accounts.server.ts";

const schema = z.object({
  email: emailField,
  password: z.string({ error: "errors.field.required" }).min(1, "errors.field.required").max(1000, "errors.field.tooLong"),
  // Where to go afterwards is a hidden field nobody can correct: a bad one (too long, sent twice) is dropped, not refused
  // with an error the form cannot show. safeReturnPath still checks what is kept.
  next: z.string().max(2000).optional().catch(undefined),
});

export async function loader({ context, url }: Route.LoaderArgs) {
  const user = optionalUser(context);
  if (user) throw redirect(safeReturnPath(url.searchParams.get("next"), await homePathFor(getRuntime().db, user)));
  return { next: safeReturnPath(url.searchParams.get("next"), ""), reset: url.searchParams.get("reset") === "1" };
}

export async function action({ request }: Route.ActionArgs) {
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") return invalid(submission.reply({ hideFields: ["password"] }));
  const env = serviceEnv();
  const result = await signIn(env, { ...submission.value, ip: clientIp(request) });
  if (!result.ok) {
    if (result.reason === "rate-limited") throw new Response(null, { status: 429 });
    return invalid(submission.reply({ formErrors: ["errors.signIn.invalid"], hideFields: ["password"] }));
  }
  const user = await findUserById(env.db, result.userId);
  const home = user ? await homePathFor(env.db, user) : "/";
  return redirectWithSession(safeReturnPath(submission.value.next, home), result);
}

export default function SignIn({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof schema>>({ lastResult: actionData?.result, shouldValidate: "onBlur" });
  return (
    <section className="mx-auto max-w-md">
      <title>{`${t("auth.signIn.title")} · Passerelle`}</title>
      <h1 className="page-title">{t("auth.signIn.title")}</h1>
      {loaderData.reset ? (
        <div className="mt-4">
          <Notice tone="success">{t("auth.reset.done")}</Notice>
        </div>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="card mt-6 space-y-4" noValidate>
        <FormErrors errors={form.errors} id={form.errorId} />
        <input type="hidden" name="next" value={loaderData.next} />
        <TextField field={fields.email} label={t("auth.fields.email")} type="email" autoComplete="username" required />
        <TextField field={fields.password} label={t("auth.fields.password")} type="password" autoComplete="current-password" required />
        <button type="submit" className="btn-primary w-full">
          {t("auth.signIn.submit")}
        </button>
        <div className="flex flex-wrap justify-between gap-2 text-sm">
          <Link to="/forgot-password" className="link">
            {t("auth.signIn.forgot")}
          </Link>
          <Link to="/sign-up" className="link">
            {t("auth.signIn.noAccount")}
          </Link>
        </div>
      </Form>
    </section>
  );
}
