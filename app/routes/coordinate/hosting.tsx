import { useTranslation } from "react-i18next";
import { EditOrRemove } from "../../components/edit-or-remove.tsx";
import { data, Form } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/hosting";
import { Notice, Alert } from "../../components/form.tsx";
import { RESOURCE_KINDS } from "../../lib/coordinator-console.ts";
import { getLocale } from "../../lib/i18n.server.ts";
import { localized } from "../../lib/locales.ts";
import { readForm } from "../../lib/respond.server.ts";
import { getRuntime, serviceEnv } from "../../lib/runtime.server.ts";
import { refusal, requireCoordinatorScope } from "../../services/console-access.server.ts";
import { addResource, confirmHosting, editResource, hostingStatus, listResources, removeResource, type ResourceRow } from "../../services/hosting.server.ts";

export async function loader({ context, url, params }: Route.LoaderArgs) {
  const scope = await requireCoordinatorScope(context, url, params.slug);
  const { db, clock } = getRuntime();
  const locale = getLocale(context);
  const name = (id: string) => localized((id === scope.program.city_a_id ? scope.program.cityA : scope.program.cityB).names, locale);
  const [resources, status] = await Promise.all([listResources(db, scope.program.id), hostingStatus(db, scope.program, scope.city, clock.now())]);
  return { title: localized(scope.program.titles, locale), city: scope.city, partner: scope.partner, cityNames: { [scope.city]: name(scope.city), [scope.partner]: name(scope.partner) }, resources, status };
}

const date = z.union([z.literal(""), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]).optional();
const resourceSchema = z.object({
  name: z.string().trim().min(1).max(200),
  kind: z.enum(RESOURCE_KINDS),
  address: z.string().trim().min(1).max(500),
  capacity: z.union([z.literal(""), z.coerce.number().int().min(1).max(10_000)]).optional(),
  services: z.string().trim().max(2000).optional(),
  contact: z.string().trim().max(300).optional(),
  availableFrom: date,
  availableTo: date,
});
const schema = z.discriminatedUnion("intent", [
  resourceSchema.extend({ intent: z.literal("add") }),
  resourceSchema.extend({ intent: z.literal("edit"), id: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("remove"), id: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("confirm") }),
]);

export async function action({ request, context, url, params }: Route.ActionArgs) {
  // Who is asking comes before reading what they sent: an outsider never gets a validation answer.
  await requireCoordinatorScope(context, url, params.slug);
  const form = await readForm(request);
  const city = form.get("city");
  const scope = await requireCoordinatorScope(context, url, params.slug, typeof city === "string" && city ? city : null);
  const parsed = schema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data({ error: "coordConsole.errors.invalid", done: null }, { status: 400 });
  const d = parsed.data;
  const env = serviceEnv();
  let outcome;
  if (d.intent === "add" || d.intent === "edit") {
    const input = {
      name: d.name,
      kind: d.kind,
      address: d.address,
      capacity: d.capacity === "" || d.capacity === undefined ? null : d.capacity,
      services: d.services ?? "",
      contact: d.contact ?? "",
      availableFrom: d.availableFrom || null,
      availableTo: d.availableTo || null,
    };
    if (input.availableFrom && input.availableTo && input.availableFrom > input.availableTo) return data({ error: "coordConsole.hosting.errors.dates", done: null }, { status: 400 });
    outcome = d.intent === "add" ? await addResource(env, scope.program, scope.city, input) : await editResource(env, scope.program, scope.city, d.id, input);
  } else if (d.intent === "remove") outcome = await removeResource(env, scope.program, scope.city, d.id);
  else outcome = await confirmHosting(env, scope.program, scope.city, scope.actor);
  if (!outcome.ok) return refusal(outcome);
  return { error: null, done: d.intent === "confirm" ? "coordConsole.hosting.confirmed" : "coordConsole.hosting.saved" };
}

function ResourceFields({ resource, idPrefix }: { resource?: ResourceRow; idPrefix: string }) {
  const { t } = useTranslation();
  const input = (name: keyof ResourceRow, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <div>
      <label htmlFor={`${idPrefix}-${name}`} className="field-label">
        {t(label)}
      </label>
      <input id={`${idPrefix}-${name}`} name={name} defaultValue={String(resource?.[name] ?? "")} className="field-input" {...props} />
    </div>
  );
  return (
    <div className="grid gap-2 sm:grid-cols-2">
      {input("name", "coordConsole.hosting.name", { required: true, maxLength: 200 })}
      <div>
        <label htmlFor={`${idPrefix}-kind`} className="field-label">
          {t("coordConsole.hosting.kind")}
        </label>
        <select id={`${idPrefix}-kind`} name="kind" defaultValue={resource?.kind ?? "incubator"} className="field-input">
          {RESOURCE_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`coordConsole.hosting.kinds.${k}`)}
            </option>
          ))}
        </select>
      </div>
      {input("address", "coordConsole.hosting.address", { required: true, maxLength: 500 })}
      {input("capacity", "coordConsole.hosting.capacity", { type: "number", min: 1, max: 10000 })}
      {input("services", "coordConsole.hosting.services", { maxLength: 2000 })}
      {input("contact", "coordConsole.hosting.contact", { maxLength: 300 })}
      {input("availableFrom", "coordConsole.hosting.availableFrom", { type: "date" })}
      {input("availableTo", "coordConsole.hosting.availableTo", { type: "date" })}
    </div>
  );
}

export default function Hosting({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { resources, city, partner, cityNames, status } = loaderData;
  const ours = resources.filter((r) => r.city === city);
  const theirs = resources.filter((r) => r.city === partner);
  const summary = (r: ResourceRow) => (
    <>
      <h3 className="font-semibold" data-testid="resource-name">{r.name}</h3>
      <p className="text-sm text-slate-600">
        {t(`coordConsole.hosting.kinds.${r.kind}`, { defaultValue: r.kind })}
        {r.capacity ? ` · ${r.capacity}` : ""} · {r.address}
      </p>
      <p className="text-sm">{r.services}</p>
      <p className="text-xs text-slate-600">
        {r.contact}
        {r.availableFrom || r.availableTo ? ` · ${r.availableFrom ?? "…"} – ${r.availableTo ?? "…"}` : ""}
      </p>
    </>
  );
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-600">{loaderData.title}</p>
        <h1 className="page-title">{t("coordConsole.hosting.title")}</h1>
        <p className="mt-2 text-slate-700">{t("coordConsole.hosting.intro")}</p>
      </div>
      {actionData?.error ? (
        <Alert testId="hosting-error">
          {t(actionData.error)}
        </Alert>
      ) : null}
      {actionData?.done ? <Notice tone="success">{t(actionData.done)}</Notice> : null}
      <section className="card space-y-2" data-testid="hosting-confirmation">
        {status.confirmed ? <p>{t("coordConsole.hosting.confirmed")}</p> : null}
        {status.canConfirm ? (
          <Form method="post">
            <input type="hidden" name="intent" value="confirm" />
            <button type="submit" className="btn-primary">
              {t("coordConsole.hosting.confirm")}
            </button>
          </Form>
        ) : !status.confirmed ? (
          <p className="text-sm">{t("coordConsole.hosting.notConfirmable")}</p>
        ) : null}
      </section>
      <section className="card space-y-3">
        <h2 className="text-lg font-semibold">{t("coordConsole.hosting.ours")}</h2>
        {ours.length === 0 ? <p className="text-sm">{t("coordConsole.hosting.none")}</p> : null}
        <ul className="space-y-3" data-testid="own-resources">
          {ours.map((r) => (
            <li key={r.id} className="rounded border border-slate-200 p-3" data-testid="resource" data-resource-id={r.id}>
              {summary(r)}
              <EditOrRemove id={r.id} editLabel={t("coordConsole.hosting.edit")} saveLabel={t("coordConsole.hosting.save")} removeLabel={t("coordConsole.hosting.remove")}>
                <ResourceFields resource={r} idPrefix={`edit-${r.id}`} />
              </EditOrRemove>
            </li>
          ))}
        </ul>
        <Form method="post" className="space-y-2 border-t border-slate-200 pt-3" data-testid="add-resource">
          <h3 className="font-semibold">{t("coordConsole.hosting.add")}</h3>
          <input type="hidden" name="intent" value="add" />
          <ResourceFields idPrefix="new" />
          <button type="submit" className="btn-primary">
            {t("coordConsole.hosting.add")}
          </button>
        </Form>
      </section>
      <section className="card space-y-3">
        <h2 className="text-lg font-semibold">{t("coordConsole.hosting.theirs", { city: cityNames[partner] })}</h2>
        {theirs.length === 0 ? <p className="text-sm">{t("coordConsole.hosting.none")}</p> : null}
        <ul className="space-y-3" data-testid="partner-resources">
          {theirs.map((r) => (
            <li key={r.id} className="rounded border border-slate-200 p-3" data-testid="resource" data-resource-id={r.id}>
              {summary(r)}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
