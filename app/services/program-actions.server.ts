import type { User } from "../../db/schema.ts";
import type { ProgramWithCities } from "../../db/repositories/programs.ts";
import { programMachine } from "../../workflows/program.machine.ts";
import { rolesIn } from "../lib/access.server.ts";
import type { ServiceEnv } from "./env.ts";
import { buttonEventFor, mayActFor, mayCancel, type ButtonEvent } from "./program-policy.ts";
import { EventNotAllowedError, restore, WorkflowConflictError } from "./workflow-engine.server.ts";
import { confirmHosting } from "./hosting.server.ts";
import { approveTopics } from "./topics.server.ts";
import { dispatchProgram, programInstance } from "./workflows.server.ts";

export type ActionOutcome = { ok: true } | { ok: false; error: "conflict" | "not-allowed" | "forbidden" };

const SHARED = new Set<ButtonEvent>(["PUBLISH_RESULTS", "EXCHANGE_STARTS", "EXCHANGE_ENDS"]);

/** A coordinator presses a timeline button: checked, applied and logged in one transaction. */
export async function sendProgramButton(
  env: ServiceEnv,
  user: User,
  program: ProgramWithCities,
  request: { type: ButtonEvent; city: string | null; expectedVersion: number },
): Promise<ActionOutcome> {
  const roles = await rolesIn(env.db, user, program.id);
  const cities = [program.city_a_id, program.city_b_id];
  const actingCity = SHARED.has(request.type) ? (roles.coordinatorOf[0] ?? (roles.admin ? cities[0]! : null)) : request.city;
  if (!actingCity || !cities.includes(actingCity) || !mayActFor(roles, actingCity)) return { ok: false, error: "forbidden" };
  // Approving topics and confirming hosting have rules beyond the machine (every topic
  // answered, a non-empty inventory): the timeline button goes through the same services.
  if (request.type === "APPROVE_TOPICS" || request.type === "CONFIRM_HOSTING") {
    const instance = await programInstance(env.db, program.id);
    if (!instance || instance.version !== request.expectedVersion) return { ok: false, error: "conflict" };
    const actor = { userId: user.id, label: user.email };
    const outcome = request.type === "APPROVE_TOPICS" ? await approveTopics(env, program, actingCity, actor) : await confirmHosting(env, program, actingCity, actor);
    if (outcome.ok) return { ok: true };
    return { ok: false, error: outcome.error === "errors.workflow.conflict" ? "conflict" : "not-allowed" };
  }
  return run(async () => {
    await env.db.transaction().execute(async (trx) => {
      const instance = await programInstance(trx, program.id);
      if (!instance) throw new EventNotAllowedError(request.type, "none");
      const snapshot = restore(programMachine, instance);
      const event = buttonEventFor(request.type, actingCity, snapshot.context as { topics: { listVersion: number } }, env.now.toISOString());
      await dispatchProgram(trx, env, { programId: program.id, event, actor: { userId: user.id, label: user.email }, expectedVersion: request.expectedVersion });
    });
  });
}

export async function cancelProgram(env: ServiceEnv, user: User, program: ProgramWithCities, reason: string, expectedVersion: number): Promise<ActionOutcome> {
  const roles = await rolesIn(env.db, user, program.id);
  if (!mayCancel(roles)) return { ok: false, error: "forbidden" };
  return run(() =>
    env.db.transaction().execute(async (trx) => {
      await dispatchProgram(trx, env, { programId: program.id, event: { type: "CANCEL_PROGRAM", reason, at: env.now.toISOString() }, actor: { userId: user.id, label: user.email }, expectedVersion });
    }),
  );
}

async function run(work: () => Promise<unknown>): Promise<ActionOutcome> {
  try {
    await work();
    return { ok: true };
  } catch (error) {
    if (error instanceof WorkflowConflictError) return { ok: false, error: "conflict" };
    if (error instanceof EventNotAllowedError) return { ok: false, error: "not-allowed" };
    throw error;
  }
}
