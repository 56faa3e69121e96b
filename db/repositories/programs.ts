import type { DB } from "../client.ts";
import type { City, Program } from "../schema.ts";

export interface ProgramWithCities extends Program {
  cityA: City;
  cityB: City;
}

export async function findProgramBySlug(db: DB, slug: string): Promise<ProgramWithCities | undefined> {
  const program = await db.selectFrom("programs").selectAll().where("slug", "=", slug).executeTakeFirst();
  if (!program) return undefined;
  return withCities(db, program);
}

export async function findProgramById(db: DB, id: string): Promise<ProgramWithCities | undefined> {
  const program = await db.selectFrom("programs").selectAll().where("id", "=", id).executeTakeFirst();
  if (!program) return undefined;
  return withCities(db, program);
}

async function withCities(db: DB, program: Program): Promise<ProgramWithCities> {
  const cities = await db.selectFrom("cities").selectAll().where("id", "in", [program.city_a_id, program.city_b_id]).execute();
  const byId = new Map(cities.map((c) => [c.id, c]));
  return { ...program, cityA: byId.get(program.city_a_id)!, cityB: byId.get(program.city_b_id)! };
}

export function listPrograms(db: DB): Promise<Program[]> {
  return db.selectFrom("programs").selectAll().orderBy("edition_year", "desc").orderBy("slug").execute();
}

export function listCities(db: DB): Promise<City[]> {
  return db.selectFrom("cities").selectAll().orderBy("id").execute();
}

export function partnerCityId(program: Program, cityId: string): string {
  return program.city_a_id === cityId ? program.city_b_id : program.city_a_id;
}
