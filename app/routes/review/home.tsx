import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Route } from "./+types/home";
import { requireUser } from "../../lib/auth.server.ts";
import { getLocale } from "../../lib/i18n.server.ts";
import { localized } from "../../lib/locales.ts";
import { getRuntime } from "../../lib/runtime.server.ts";
import { membershipsOf } from "../../../db/repositories/memberships.ts";

export async function loader({ context, url }: Route.LoaderArgs) {
  const user = requireUser(context, url);
  const { db } = getRuntime();
  const locale = getLocale(context);
  const panels = (await membershipsOf(db, user.id)).filter((m) => m.role === "reviewer");
  const cities = await db.selectFrom("cities").select(["id", "names"]).execute();
  const cityName = new Map(cities.map((c) => [c.id, localized(c.names, locale)]));
  const counts = await Promise.all(
    panels.map((p) =>
      db
        .selectFrom("proposals")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("program_id", "=", p.program_id)
        .where("city_id", "=", p.city_id)
        .where("state", "not in", ["draft", "discarded"])
        .executeTakeFirstOrThrow(),
    ),
  );
  return {
    panels: panels.map((p, i) => ({
      slug: p.program_slug,
      program: localized(p.program_titles, locale),
      city: cityName.get(p.city_id) ?? p.city_id,
      proposals: Number(counts[i]?.n ?? 0),
    })),
  };
}

export default function ReviewHome({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <div className="space-y-6" data-testid="review-home">
      <h1 className="page-title">{t("review.home.title")}</h1>
      {loaderData.panels.length === 0 ? <p>{t("review.home.none")}</p> : null}
      <ul className="grid gap-4 sm:grid-cols-2">
        {loaderData.panels.map((p) => (
          <li key={`${p.slug}-${p.city}`} className="card">
            <h2 className="font-semibold">{p.program}</h2>
            <p className="text-sm text-slate-700">{t("review.home.panelOf", { city: p.city })}</p>
            <p className="mt-2 text-sm">{t("review.home.proposals", { count: p.proposals })}</p>
            <div className="mt-2 flex flex-wrap gap-3 text-sm">
              <Link to={`/review/${p.slug}`} className="btn-primary">
                {t("review.home.open")}
              </Link>
              <Link to={`/programs/${p.slug}`} className="link">
                {t("review.home.publicPage")}
              </Link>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
