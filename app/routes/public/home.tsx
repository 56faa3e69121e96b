import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Route } from "./+types/home";
import { getLocale } from "../../lib/i18n.server.ts";
import { localized } from "../../lib/locales.ts";
import { getRuntime } from "../../lib/runtime.server.ts";
import { listPrograms } from "../../../db/repositories/programs.ts";

export function meta() {
  return [{ title: "Passerelle" }, { name: "description", content: "Two-city startup exchange programmes" }];
}

export async function loader({ context }: Route.LoaderArgs) {
  const locale = getLocale(context);
  const programs = await listPrograms(getRuntime().db);
  return { programs: programs.map((p) => ({ slug: p.slug, title: localized(p.titles, locale), year: p.edition_year })) };
}

export default function Home({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <div className="space-y-8">
      <section className="rounded-xl bg-brand-900 px-6 py-10 text-white sm:px-10">
        <h1 className="text-3xl font-bold tracking-tight sm:text-4xl">{t("home.title")}</h1>
        <p className="mt-4 max-w-2xl text-brand-100">{t("home.intro")}</p>
        <div className="mt-6 flex flex-wrap gap-3">
          <Link to="/sign-up" className="btn bg-white text-brand-900 hover:bg-brand-50">
            {t("home.apply")}
          </Link>
          <Link to="/sign-in" className="btn text-white ring-1 ring-white/60 hover:bg-white/10">
            {t("nav.signIn")}
          </Link>
        </div>
      </section>
      <section>
        <h2 className="text-xl font-semibold">{t("home.programs")}</h2>
        <ul className="mt-4 grid gap-4 sm:grid-cols-2">
          {loaderData.programs.map((p) => (
            <li key={p.slug} className="card">
              <Link to={`/programs/${p.slug}`} className="link text-lg font-semibold">
                {p.title}
              </Link>
              <p className="mt-1 text-sm text-slate-600">{t("home.edition", { year: p.year })}</p>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
