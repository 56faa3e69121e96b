import type { DB } from "../../db/client.ts";
import type { ProgramWithCities } from "../../db/repositories/programs.ts";
import { refuse, type Outcome, type ResourceKind } from "../lib/coordinator-console.ts";
import { randomId } from "../lib/ids.ts";
import type { ServiceEnv } from "./env.ts";
import { loadProgramSnapshot } from "./timeline.server.ts";
import { EventNotAllowedError, WorkflowConflictError, type Actor } from "./workflow-engine.server.ts";
import { dispatchProgram } from "./workflows.server.ts";

/**
 * Hosting resources (SPEC §1 step 2): what each city offers the teams it
 * receives. A city edits only its own inventory; both inventories are public.
 */

export interface ResourceInput {
  name: string;
  kind: ResourceKind;
  address: string;
  capacity: number | null;
  services: string;
  contact: string;
  /** YYYY-MM-DD */
  availableFrom: string | null;
  availableTo: string | null;
}

export interface ResourceRow extends ResourceInput {
  id: string;
  city: string;
}

const E = "coordConsole.hosting.errors";

export async function listResources(db: DB, programId: string): Promise<ResourceRow[]> {
  const rows = await db.selectFrom("hosting_resources").selectAll().where("program_id", "=", programId).orderBy("city_id").orderBy("name").execute();
  return rows.map((r) => ({
    id: r.id,
    city: r.city_id,
    name: r.name,
    kind: r.kind as ResourceKind,
    address: r.address,
    capacity: r.capacity,
    services: r.services,
    contact: r.contact,
    availableFrom: r.available_from,
    availableTo: r.available_to,
  }));
}

/** The hosting step of `city`: whether its confirmation can be sent now, or was already. */
export async function hostingStatus(db: DB, program: ProgramWithCities, city: string, now: Date): Promise<{ canConfirm: boolean; confirmed: boolean; stage: string | null }> {
  const loaded = await loadProgramSnapshot(db, program.id);
  if (!loaded) return { canConfirm: false, confirmed: false, stage: null };
  const value = loaded.snapshot.value as string | Record<string, Record<string, string>>;
  const stage = typeof value === "string" ? value : Object.keys(value)[0]!;
  const slot = program.city_a_id === city ? "cityA" : "cityB";
  const confirmed = stage === "hosting" ? (value as Record<string, Record<string, string>>).hosting?.[slot] === "confirmed" : !["topics", "hosting", "cancelled"].includes(stage);
  const canConfirm = loaded.snapshot.can({ type: "CONFIRM_HOSTING", city, at: now.toISOString() });
  return { canConfirm, confirmed, stage };
}

function values(input: ResourceInput) {
  return {
    name: input.name,
    kind: input.kind,
    address: input.address,
    capacity: input.capacity,
    services: input.services,
    contact: input.contact,
    available_from: input.availableFrom,
    available_to: input.availableTo,
  };
}

async function ownResource(db: DB, program: ProgramWithCities, city: string, id: string): Promise<Outcome> {
  const row = await db.selectFrom("hosting_resources").select(["id", "city_id"]).where("id", "=", id).where("program_id", "=", program.id).executeTakeFirst();
  if (!row) return refuse("coordConsole.errors.notFound", 404);
  if (row.city_id !== city) return refuse("coordConsole.errors.forbidden", 403);
  return { ok: true };
}

export async function addResource(env: ServiceEnv, program: ProgramWithCities, city: string, input: ResourceInput): Promise<Outcome<{ id: string }>> {
  const id = randomId();
  const at = env.now.toISOString();
  await env.db.insertInto("hosting_resources").values({ id, program_id: program.id, city_id: city, ...values(input), created_at: at, updated_at: at }).execute();
  return { ok: true, id };
}

export async function editResource(env: ServiceEnv, program: ProgramWithCities, city: string, id: string, input: ResourceInput): Promise<Outcome> {
  return env.db.transaction().execute(async (trx) => {
    const own = await ownResource(trx, program, city, id);
    if (!own.ok) return own;
    await trx.updateTable("hosting_resources").set({ ...values(input), updated_at: env.now.toISOString() }).where("id", "=", id).execute();
    return { ok: true };
  });
}

export async function removeResource(env: ServiceEnv, program: ProgramWithCities, city: string, id: string): Promise<Outcome> {
  return env.db.transaction().execute(async (trx) => {
    const own = await ownResource(trx, program, city, id);
    if (!own.ok) return own;
    const used = await trx.selectFrom("itinerary_items").select("id").where("hosting_resource_id", "=", id).executeTakeFirst();
    if (used) return refuse(`${E}.inUse`, 409);
    await trx.deleteFrom("hosting_resources").where("id", "=", id).execute();
    return { ok: true };
  });
}

/** `city` confirms its inventory (CONFIRM_HOSTING) when the machine allows it and the inventory is not empty. */
export async function confirmHosting(env: ServiceEnv, program: ProgramWithCities, city: string, actor: Actor): Promise<Outcome> {
  try {
    return await env.db.transaction().execute(async (trx) => {
      const any = await trx.selectFrom("hosting_resources").select("id").where("program_id", "=", program.id).where("city_id", "=", city).executeTakeFirst();
      if (!any) return refuse(`${E}.empty`);
      const status = await hostingStatus(trx, program, city, env.now);
      if (!status.canConfirm) return refuse(`${E}.notAllowed`, 409);
      await dispatchProgram(trx, env, { programId: program.id, event: { type: "CONFIRM_HOSTING", city, at: env.now.toISOString() }, actor });
      return { ok: true };
    });
  } catch (error) {
    if (error instanceof WorkflowConflictError) return refuse("errors.workflow.conflict", 409);
    if (error instanceof EventNotAllowedError) return refuse(`${E}.notAllowed`, 409);
    throw error;
  }
}
