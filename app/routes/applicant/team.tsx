import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { Form, Link } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/team";
import { FormErrors, Notice, TextField } from "../../components/form.tsx";
import { notFound, requireUser } from "../../lib/auth.server.ts";
import { emailField } from "../../lib/forms.ts";
import { getLocale } from "../../lib/i18n.server.ts";
import { localized, normaliseLocale } from "../../lib/locales.ts";
import { invalid, readForm } from "../../lib/respond.server.ts";
import { getRuntime, serviceEnv } from "../../lib/runtime.server.ts";
import { inviteCofounder, membersOf, pendingTeamInvitations, teamOfMember } from "../../services/teams.server.ts";

const schema = z.object({ email: emailField });

export async function loader({ context, url, params }: Route.LoaderArgs) {
  const user = requireUser(context, url);
  const { db } = getRuntime();
  const team = await teamOfMember(db, params.teamId, user.id);
  if (!team) notFound();
  const city = await db.selectFrom("cities").select("names").where("id", "=", team.city_id).executeTakeFirst();
  return {
    team: { id: team.id, name: team.name, city: localized(city?.names, getLocale(context)), foundingYear: team.founding_year, website: team.website, sector: team.sector, size: team.size },
    members: await membersOf(db, team.id),
    pending: (await pendingTeamInvitations(db, team.id)).map((i) => i.email),
    created: url.searchParams.get("created") === "1",
  };
}

export async function action({ request, context, url, params }: Route.ActionArgs) {
  const user = requireUser(context, url);
  const env = serviceEnv();
  const team = await teamOfMember(env.db, params.teamId, user.id);
  if (!team) notFound();
  const submission = parseWithZod(await readForm(request), { schema });
  if (submission.status !== "success") return invalid(submission.reply());
  await inviteCofounder(env, user, team, submission.value.email, normaliseLocale(getLocale(context)));
  return { result: submission.reply({ resetForm: true }), invited: submission.value.email };
}

export default function TeamPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof schema>>({ lastResult: actionData?.result, shouldValidate: "onBlur" });
  const { team } = loaderData;
  const invited = actionData && "invited" in actionData ? actionData.invited : null;
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      {loaderData.created ? <Notice tone="success">{t("team.created")}</Notice> : null}
      {invited ? <Notice tone="success">{t("team.invited", { email: invited })}</Notice> : null}
      <header>
        <h1 className="page-title">{team.name}</h1>
        <p className="text-slate-700">{team.city}</p>
      </header>
      <dl className="card grid grid-cols-1 gap-3 text-sm sm:grid-cols-2">
        <div>
          <dt className="font-medium">{t("team.fields.foundingYear")}</dt>
          <dd>{team.foundingYear ?? "—"}</dd>
        </div>
        <div>
          <dt className="font-medium">{t("team.fields.website")}</dt>
          <dd className="break-all">{team.website ? <a className="link" href={team.website} rel="noopener noreferrer nofollow" target="_blank">{team.website}</a> : "—"}</dd>
        </div>
        <div>
          <dt className="font-medium">{t("team.fields.sector")}</dt>
          <dd>{team.sector ?? "—"}</dd>
        </div>
        <div>
          <dt className="font-medium">{t("team.fields.size")}</dt>
          <dd>{team.size ?? "—"}</dd>
        </div>
      </dl>
      <section className="card">
        <h2 className="text-lg font-semibold">{t("team.members")}</h2>
        <ul className="mt-2 divide-y divide-slate-100">
          {loaderData.members.map((m) => (
            <li key={m.email} className="py-2">
              {m.name} <span className="text-sm text-slate-600">· {m.email}</span>
            </li>
          ))}
        </ul>
        {loaderData.pending.length > 0 ? (
          <p className="mt-3 text-sm text-slate-700">
            {t("team.pending")}: {loaderData.pending.join(", ")}
          </p>
        ) : null}
      </section>
      <Form method="post" {...getFormProps(form)} className="card space-y-4" noValidate>
        <h2 className="text-lg font-semibold">{t("team.invite")}</h2>
        <p className="text-sm text-slate-700">{t("team.inviteIntro")}</p>
        <FormErrors errors={form.errors} id={form.errorId} />
        <TextField field={fields.email} label={t("auth.fields.email")} type="email" required />
        <button type="submit" className="btn-primary">
          {t("team.sendInvite")}
        </button>
      </Form>
      <Link to="/applicant" className="link">
        {t("proposal.backToApplications")}
      </Link>
    </div>
  );
}
