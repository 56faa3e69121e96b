import type { DB } from "../client.ts";
import type { WorkflowInstance } from "../schema.ts";

export function findInstance(db: DB, id: string): Promise<WorkflowInstance | undefined> {
  return db.selectFrom("workflow_instances").selectAll().where("id", "=", id).executeTakeFirst();
}

export function findInstanceBySubject(db: DB, machineId: string, subjectId: string): Promise<WorkflowInstance | undefined> {
  return db.selectFrom("workflow_instances").selectAll().where("machine_id", "=", machineId).where("subject_id", "=", subjectId).executeTakeFirst();
}

export async function insertInstance(db: DB, row: WorkflowInstance): Promise<void> {
  await db.insertInto("workflow_instances").values(row).execute();
}

/** Optimistic concurrency: succeeds only if nobody moved the instance since `fromVersion`. */
export async function compareAndSetInstance(
  db: DB,
  id: string,
  fromVersion: number,
  next: { snapshot: string; state_value: string; updated_at: string },
): Promise<boolean> {
  const result = await db
    .updateTable("workflow_instances")
    .set({ ...next, version: fromVersion + 1 })
    .where("id", "=", id)
    .where("version", "=", fromVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface AuditFilter {
  stage?: string | null;
  cityId?: string | null;
  actor?: string | null;
  limit?: number;
}

export function eventsOf(db: DB, instanceId: string, filter: AuditFilter = {}) {
  let query = db.selectFrom("workflow_events").selectAll().where("instance_id", "=", instanceId);
  if (filter.cityId) query = query.where("city_id", "=", filter.cityId);
  if (filter.actor) query = query.where("actor_label", "=", filter.actor);
  if (filter.stage) query = query.where((eb) => eb.or([eb("state_before", "like", `%${filter.stage}%`), eb("state_after", "like", `%${filter.stage}%`)]));
  return query.orderBy("seq", "desc").limit(filter.limit ?? 200).execute();
}
