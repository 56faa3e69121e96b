import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { Form, redirect } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/settings";
import { FormErrors, Notice, SelectField, TextField } from "../../components/form.tsx";
import { requireUser } from "../../lib/auth.server.ts";
import { localeField, requiredText, timeZoneField } from "../../lib/forms.ts";
import { localeCookie } from "../../lib/i18n.server.ts";
import { LOCALE_NAMES, LOCALES } from "../../lib/locales.ts";
import { invalid, readForm } from "../../lib/respond.server.ts";
import { getRuntime } from "../../lib/runtime.server.ts";
import { timeZoneOptions } from "../../lib/time-zones.ts";
import { changeSettings } from "../../services/accounts.server.ts";

const schema = z.object({ name: requiredText(100), locale: localeField, timeZone: timeZoneField });

export async function loader({ context, url }: Route.LoaderArgs) {
  const user = requireUser(context, url);
  return {
    name: user.name,
    email: user.email,
    locale: user.locale ?? "en",
    timeZone: user.time_zone ?? "UTC",
    saved: url.searchParams.get("saved") === "1",
    reset: url.searchParams.get("reset") === "1",
  };
}

export async function action({ request, context, url }: Route.ActionArgs) {
  const user = requireUser(context, url);
  const submission = parseWithZod(await readForm(request), { schema });
  if (submission.status !== "success") return invalid(submission.reply());
  await changeSettings(getRuntime().db, user.id, submission.value);
  throw redirect("/settings?saved=1", { headers: { "Set-Cookie": await localeCookie.serialize(submission.value.locale) } });
}

export default function Settings({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof schema>>({ lastResult: actionData?.result, shouldValidate: "onBlur" });
  return (
    <section className="mx-auto max-w-xl space-y-6">
      <title>{`${t("settings.title")} · Passerelle`}</title>
      <h1 className="page-title">{t("settings.title")}</h1>
      {loaderData.saved ? <Notice tone="success">{t("settings.saved")}</Notice> : null}
      {loaderData.reset ? <Notice tone="success">{t("auth.reset.done")}</Notice> : null}
      <Form method="post" {...getFormProps(form)} className="card space-y-4" noValidate>
        <FormErrors errors={form.errors} id={form.errorId} />
        <p className="text-sm text-slate-700">
          {t("auth.fields.email")}: <strong>{loaderData.email}</strong>
        </p>
        <TextField field={fields.name} label={t("auth.fields.name")} defaultValue={loaderData.name} autoComplete="name" required />
        <SelectField
          field={fields.locale}
          label={t("settings.language")}
          defaultValue={loaderData.locale}
          options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
        />
        <SelectField field={fields.timeZone} label={t("auth.fields.timeZone")} defaultValue={loaderData.timeZone} options={timeZoneOptions()} />
        <button type="submit" className="btn-primary">
          {t("settings.save")}
        </button>
      </Form>
      <div className="card space-y-3">
        <h2 className="text-lg font-semibold">{t("settings.sessions.title")}</h2>
        <p className="text-sm text-slate-700">{t("settings.sessions.body")}</p>
        <Form method="post" action="/sign-out">
          <input type="hidden" name="scope" value="everywhere" />
          <button type="submit" className="btn-danger">
            {t("settings.sessions.signOutEverywhere")}
          </button>
        </Form>
      </div>
    </section>
  );
}
