import type { Kysely } from "kysely";

// Frozen: never import application code here.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("rubrics")
    .addColumn("program_id", "text", (c) => c.notNull().references("programs.id").onDelete("cascade"))
    .addColumn("city_id", "text", (c) => c.notNull().references("cities.id"))
    .addColumn("stage", "text", (c) => c.notNull())
    .addColumn("criteria", "text", (c) => c.notNull())
    .addColumn("scale_max", "integer", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("rubrics_pk", ["program_id", "city_id", "stage"])
    .execute();

  await db.schema
    .createTable("review_assignments")
    .addColumn("program_id", "text", (c) => c.notNull().references("programs.id").onDelete("cascade"))
    .addColumn("proposal_id", "text", (c) => c.notNull().references("proposals.id").onDelete("cascade"))
    .addColumn("reviewer_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("stage", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("review_assignments_pk", ["proposal_id", "reviewer_id", "stage"])
    .execute();
  await db.schema.createIndex("review_assignments_reviewer_idx").on("review_assignments").columns(["reviewer_id", "program_id", "stage"]).execute();

  await db.schema
    .createTable("conflict_declarations")
    .addColumn("proposal_id", "text", (c) => c.notNull().references("proposals.id").onDelete("cascade"))
    .addColumn("reviewer_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("conflicted", "integer", (c) => c.notNull())
    .addColumn("kind", "text")
    .addColumn("note", "text")
    .addColumn("declared_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("conflict_declarations_pk", ["proposal_id", "reviewer_id"])
    .execute();

  await db.schema
    .createTable("reviews")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("program_id", "text", (c) => c.notNull().references("programs.id").onDelete("cascade"))
    .addColumn("proposal_id", "text", (c) => c.notNull().references("proposals.id").onDelete("cascade"))
    .addColumn("reviewer_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("panel_city_id", "text", (c) => c.notNull())
    .addColumn("stage", "text", (c) => c.notNull())
    .addColumn("scores", "text", (c) => c.notNull())
    .addColumn("confidence", "integer")
    .addColumn("comment_panel", "text", (c) => c.notNull())
    .addColumn("comment_applicant", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("weighted", "real")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("submitted_at", "text")
    .addUniqueConstraint("reviews_unique", ["proposal_id", "reviewer_id", "stage"])
    .execute();
  await db.schema.createIndex("reviews_panel_idx").on("reviews").columns(["program_id", "panel_city_id", "stage", "status"]).execute();

  await db.schema
    .createTable("panel_decisions")
    .addColumn("program_id", "text", (c) => c.notNull().references("programs.id").onDelete("cascade"))
    .addColumn("city_id", "text", (c) => c.notNull())
    .addColumn("stage", "text", (c) => c.notNull())
    .addColumn("ids", "text", (c) => c.notNull())
    .addColumn("rationale", "text", (c) => c.notNull())
    .addColumn("share_scores", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("decided_by", "text", (c) => c.notNull())
    .addColumn("decided_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("panel_decisions_pk", ["program_id", "city_id", "stage"])
    .execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("program_id", "text", (c) => c.notNull())
    .addColumn("city_id", "text")
    .addColumn("actor_user_id", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("detail", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("audit_log_program_idx").on("audit_log").columns(["program_id", "at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["audit_log", "panel_decisions", "reviews", "conflict_declarations", "review_assignments", "rubrics"]) {
    await db.schema.dropTable(table).execute();
  }
}
