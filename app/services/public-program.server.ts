import type { DB } from "../../db/client.ts";
import type { ProgramWithCities } from "../../db/repositories/programs.ts";
import { currentStage, describeProgram } from "../../workflows/program.describe.ts";
import { STAGE_SCHEDULE, spanOf } from "../../workflows/schedule.ts";
import { localized } from "../lib/locales.ts";
import { loadProgramSnapshot, windowsOf } from "./timeline.server.ts";

/** Only what the public may see: no scores, no internal states, finalists only once published. */
export async function publicProgramView(db: DB, program: ProgramWithCities, locale: string, now: Date) {
  const loaded = await loadProgramSnapshot(db, program.id);
  const windows = await windowsOf(db, program.id);
  const cities = [program.cityA, program.cityB];
  const topics = await db.selectFrom("topics").select(["id", "titles", "status"]).where("program_id", "=", program.id).orderBy("position").execute();
  const resources = await db
    .selectFrom("hosting_resources")
    .select(["id", "city_id", "name", "kind", "address", "capacity", "services", "available_from", "available_to"])
    .where("program_id", "=", program.id)
    .orderBy("city_id")
    .orderBy("name")
    .execute();
  const stages = loaded ? describeProgram(loaded.snapshot) : [];
  const stage = loaded ? currentStage(loaded.snapshot) : null;
  const published = !!stage && ["itinerary", "preDeparture", "exchange", "reporting", "closed"].includes(stage);
  let finalists: { host: string; teams: { name: string; city: string }[] }[] = [];
  if (published && loaded) {
    const picks = loaded.snapshot.context.picks as Record<string, string[] | null>;
    const ids = Object.values(picks).flatMap((p) => p ?? []);
    const rows = ids.length
      ? await db.selectFrom("proposals").innerJoin("teams", "teams.id", "proposals.team_id").select(["proposals.id", "teams.name", "teams.city_id"]).where("proposals.id", "in", ids).execute()
      : [];
    finalists = cities.map((host) => ({
      host: localized(host.names, locale),
      teams: (picks[host.id] ?? []).map((id) => rows.find((r) => r.id === id)).filter((r) => !!r).map((r) => ({ name: r!.name, city: localized(cities.find((c) => c.id === r!.city_id)!.names, locale) })),
    }));
  }
  const call = cities.map((city) => {
    const w = windows.get(`${city.id}:call`);
    const sub = stages.find((s) => (s.key as string) === "selection")?.cities?.[city.id];
    const status = !w ? "unknown" : sub === "callOpen" ? "open" : sub === "callScheduled" || stages.find((s) => (s.key as string) === "selection")?.status === "upcoming" ? "upcoming" : "closed";
    return { cityId: city.id, city: localized(city.names, locale), timeZone: city.time_zone, opensAt: w?.startsAt ?? null, closesAt: w?.endsAt ?? null, graceMinutes: w?.graceMinutes ?? 0, status };
  });
  return {
    title: localized(program.titles, locale),
    slug: program.slug,
    cities: cities.map((c) => ({ id: c.id, name: localized(c.names, locale), timeZone: c.time_zone })),
    now: now.toISOString(),
    call,
    topics: topics.filter((t) => t.status === "agreed").map((t) => localized(t.titles, locale)),
    timeline: stages.map((s) => ({
      key: s.key,
      labelKey: s.labelKey,
      status: s.status,
      windows: cities.map((c) => ({ cityId: c.id, window: spanOf((STAGE_SCHEDULE[s.key] ?? []).map((k) => windows.get(`${c.id}:${k}`))) })),
    })),
    resources: resources.map((r) => ({ ...r, city: localized(cities.find((c) => c.id === r.city_id)!.names, locale) })),
    finalists,
  };
}
