import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { Form, Link, redirect } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/invitation";
import { FormErrors, SelectField, TextField } from "../../components/form.tsx";
import { homePathFor } from "../../lib/access.server.ts";
import { optionalUser } from "../../lib/auth.server.ts";
import { passwordField, requiredText, timeZoneField } from "../../lib/forms.ts";
import { getLocale } from "../../lib/i18n.server.ts";
import { localized } from "../../lib/locales.ts";
import { invalid, redirectWithSession, readForm } from "../../lib/respond.server.ts";
import { getRuntime, serviceEnv } from "../../lib/runtime.server.ts";
import { suggestedTimeZone, timeZoneOptions } from "../../lib/time-zones.ts";
import { findProgramById } from "../../../db/repositories/programs.ts";
import { findUserByEmail } from "../../../db/repositories/users.ts";
import { acceptInvitation, findInvitation } from "../../services/invitations.server.ts";

const newAccountSchema = z.object({ name: requiredText(100), password: passwordField, timeZone: timeZoneField });

export async function loader({ params, context, url }: Route.LoaderArgs) {
  const { db, clock } = getRuntime();
  const invitation = await findInvitation(db, params.token, clock.now());
  if (!invitation || !invitation.usable) return { usable: false as const };
  const locale = getLocale(context);
  const program = invitation.program_id ? await findProgramById(db, invitation.program_id) : undefined;
  const city = program ? (program.cityA.id === invitation.city_id ? program.cityA : program.cityB) : undefined;
  const team = invitation.team_id ? await db.selectFrom("teams").select("name").where("id", "=", invitation.team_id).executeTakeFirst() : undefined;
  const user = optionalUser(context);
  const hasAccount = !!(await findUserByEmail(db, invitation.email));
  return {
    usable: true as const,
    kind: invitation.kind,
    email: invitation.email,
    program: program ? localized(program.titles, locale) : null,
    city: city ? localized(city.names, locale) : null,
    team: team?.name ?? null,
    signedInAs: user?.email ?? null,
    hasAccount,
    signInUrl: `/sign-in?next=${encodeURIComponent(url.pathname)}`,
    defaultTimeZone: city?.time_zone ?? suggestedTimeZone(locale),
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const user = optionalUser(context);
  const env = serviceEnv();
  let newAccount = null;
  let submission = null;
  if (!user) {
    submission = parseWithZod(await readForm(request), { schema: newAccountSchema });
    if (submission.status !== "success") return invalid(submission.reply({ hideFields: ["password"] }));
    newAccount = submission.value;
  }
  const result = await acceptInvitation(env, params.token, user, newAccount);
  if (!result.ok) {
    const message = `errors.invitation.${result.reason}`;
    return invalid({ status: "error", error: { "": [message] } } as never, result.reason === "invalid" ? 410 : 403);
  }
  if (result.session) return redirectWithSession("/", result.session);
  throw redirect(user ? await homePathFor(env.db, user) : "/");
}

export default function Invitation({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof newAccountSchema>>({ lastResult: actionData?.result, shouldValidate: "onBlur" });
  if (!loaderData.usable) {
    return (
      <section className="mx-auto max-w-md">
        <title>{`${t("invitation.title")} · Passerelle`}</title>
        <h1 className="page-title">{t("invitation.title")}</h1>
        <p className="mt-4" role="alert">
          {t("errors.invitation.invalid")}
        </p>
      </section>
    );
  }
  const what = t(`invitation.kind.${loaderData.kind}`, { program: loaderData.program, city: loaderData.city, team: loaderData.team });
  return (
    <section className="mx-auto max-w-md space-y-4">
      <title>{`${t("invitation.title")} · Passerelle`}</title>
      <h1 className="page-title">{t("invitation.title")}</h1>
      <p className="text-slate-800">{what}</p>
      <p className="text-sm text-slate-600">{t("invitation.forEmail", { email: loaderData.email })}</p>
      <Form method="post" {...getFormProps(form)} className="card space-y-4" noValidate>
        <FormErrors errors={form.errors} id={form.errorId} />
        {loaderData.signedInAs ? (
          loaderData.signedInAs === loaderData.email ? (
            <button type="submit" className="btn-primary w-full">
              {t("invitation.accept")}
            </button>
          ) : (
            <p role="alert">{t("errors.invitation.wrong-account")}</p>
          )
        ) : loaderData.hasAccount ? (
          <Link to={loaderData.signInUrl} className="btn-primary w-full">
            {t("invitation.signInToAccept")}
          </Link>
        ) : (
          <>
            <TextField field={fields.name} label={t("auth.fields.name")} autoComplete="name" required />
            <TextField field={fields.password} label={t("auth.fields.password")} type="password" autoComplete="new-password" hint={t("auth.fields.passwordHint")} required />
            <SelectField field={fields.timeZone} label={t("auth.fields.timeZone")} options={timeZoneOptions()} defaultValue={loaderData.defaultTimeZone} />
            <button type="submit" className="btn-primary w-full">
              {t("invitation.createAndAccept")}
            </button>
          </>
        )}
      </Form>
    </section>
  );
}
