import type { Kysely } from "kysely";

// Frozen: never import application code here.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("stage_windows")
    .addColumn("program_id", "text", (c) => c.notNull().references("programs.id").onDelete("cascade"))
    .addColumn("city_id", "text", (c) => c.notNull().references("cities.id"))
    .addColumn("stage", "text", (c) => c.notNull())
    .addColumn("starts_at", "text", (c) => c.notNull())
    .addColumn("ends_at", "text", (c) => c.notNull())
    .addColumn("grace_minutes", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("stage_windows_pk", ["program_id", "city_id", "stage"])
    .execute();

  await db.schema
    .createTable("workflow_instances")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("machine_id", "text", (c) => c.notNull())
    .addColumn("machine_version", "integer", (c) => c.notNull())
    .addColumn("program_id", "text", (c) => c.notNull().references("programs.id").onDelete("cascade"))
    .addColumn("subject_id", "text", (c) => c.notNull())
    .addColumn("snapshot", "text", (c) => c.notNull())
    .addColumn("state_value", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("workflow_instances_subject", ["machine_id", "subject_id"])
    .execute();
  await db.schema.createIndex("workflow_instances_program_idx").on("workflow_instances").columns(["program_id", "machine_id"]).execute();

  await db.schema
    .createTable("workflow_events")
    .addColumn("instance_id", "text", (c) => c.notNull().references("workflow_instances.id").onDelete("cascade"))
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("event_type", "text", (c) => c.notNull())
    .addColumn("event", "text", (c) => c.notNull())
    .addColumn("actor_user_id", "text")
    .addColumn("actor_label", "text", (c) => c.notNull())
    .addColumn("city_id", "text")
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("state_before", "text", (c) => c.notNull())
    .addColumn("state_after", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("workflow_events_pk", ["instance_id", "seq"])
    .execute();

  await db.schema
    .createTable("scheduled_jobs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("program_id", "text", (c) => c.notNull().references("programs.id").onDelete("cascade"))
    .addColumn("city_id", "text")
    .addColumn("subject_id", "text")
    .addColumn("due_at", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("fired_at", "text")
    .addColumn("result", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("scheduled_jobs_due_idx").on("scheduled_jobs").columns(["status", "due_at"]).execute();

  await db.schema
    .createTable("scheduler_leases")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("holder", "text", (c) => c.notNull())
    .addColumn("expires_at", "bigint", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("proposals")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("program_id", "text", (c) => c.notNull().references("programs.id").onDelete("cascade"))
    .addColumn("team_id", "text", (c) => c.notNull().references("teams.id").onDelete("cascade"))
    .addColumn("city_id", "text", (c) => c.notNull().references("cities.id"))
    .addColumn("topic_id", "text")
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("content", "text", (c) => c.notNull())
    .addColumn("deck_key", "text")
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("submitted_version", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("submitted_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("proposals_program_idx").on("proposals").columns(["program_id", "city_id", "state"]).execute();
  await db.schema.createIndex("proposals_team_idx").on("proposals").column("team_id").execute();

  await db.schema
    .createTable("proposal_versions")
    .addColumn("proposal_id", "text", (c) => c.notNull().references("proposals.id").onDelete("cascade"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("content", "text", (c) => c.notNull())
    .addColumn("deck_key", "text")
    .addColumn("submitted_by", "text", (c) => c.notNull())
    .addColumn("submitted_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("proposal_versions_pk", ["proposal_id", "version"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "proposal_versions", "proposals", "scheduler_leases", "scheduled_jobs",
    "workflow_events", "workflow_instances", "stage_windows",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
