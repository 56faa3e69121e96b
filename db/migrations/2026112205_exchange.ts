import type { Kysely } from "kysely";

// Frozen: never import application code here.

export async function up(db: Kysely<any>): Promise<void> {
  // Topic agreement: the partner city answers each topic the other proposed.
  await db.schema.alterTable("topics").addColumn("partner_status", "text", (c) => c.notNull().defaultTo("pending")).execute();
  await db.schema.alterTable("topics").addColumn("partner_comment", "text").execute();
  await db.schema.alterTable("topics").addColumn("list_version", "integer", (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable("hosting_resources").addColumn("updated_at", "text").execute();

  await db.schema
    .createTable("itinerary_items")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("program_id", "text", (c) => c.notNull().references("programs.id").onDelete("cascade"))
    .addColumn("proposal_id", "text", (c) => c.notNull().references("proposals.id").onDelete("cascade"))
    .addColumn("host_city_id", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("starts_at", "text", (c) => c.notNull())
    .addColumn("ends_at", "text", (c) => c.notNull())
    .addColumn("start_time_zone", "text", (c) => c.notNull())
    .addColumn("end_time_zone", "text", (c) => c.notNull())
    .addColumn("place", "text")
    .addColumn("host", "text")
    .addColumn("carrier", "text")
    .addColumn("flight_number", "text")
    .addColumn("hosting_resource_id", "text")
    .addColumn("matchmaking_slot_id", "text")
    .addColumn("notes", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("itinerary_items_proposal_idx").on("itinerary_items").columns(["proposal_id", "starts_at"]).execute();

  await db.schema
    .createTable("matchmaking_partners")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("program_id", "text", (c) => c.notNull().references("programs.id").onDelete("cascade"))
    .addColumn("city_id", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("sector", "text")
    .addColumn("contact", "text")
    .addColumn("description", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("matchmaking_requests")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("program_id", "text", (c) => c.notNull().references("programs.id").onDelete("cascade"))
    .addColumn("proposal_id", "text", (c) => c.notNull().references("proposals.id").onDelete("cascade"))
    .addColumn("partner_id", "text", (c) => c.notNull().references("matchmaking_partners.id").onDelete("cascade"))
    .addColumn("requested_by", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("matchmaking_slots")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("program_id", "text", (c) => c.notNull().references("programs.id").onDelete("cascade"))
    .addColumn("host_city_id", "text", (c) => c.notNull())
    .addColumn("proposal_id", "text", (c) => c.notNull().references("proposals.id").onDelete("cascade"))
    .addColumn("partner_id", "text", (c) => c.notNull().references("matchmaking_partners.id").onDelete("cascade"))
    .addColumn("starts_at", "text", (c) => c.notNull())
    .addColumn("ends_at", "text", (c) => c.notNull())
    .addColumn("place", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    // The same start for one team or one partner twice is refused by the database itself;
    // overlaps with other starts are refused by the service.
    .addUniqueConstraint("matchmaking_slots_team_start", ["proposal_id", "starts_at"])
    .addUniqueConstraint("matchmaking_slots_partner_start", ["partner_id", "starts_at"])
    .execute();

  await db.schema
    .createTable("pre_departure_meetings")
    .addColumn("program_id", "text", (c) => c.notNull().references("programs.id").onDelete("cascade"))
    .addColumn("city_id", "text", (c) => c.notNull())
    .addColumn("starts_at", "text", (c) => c.notNull())
    .addColumn("place", "text")
    .addColumn("video_url", "text")
    .addColumn("agenda", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("pre_departure_meetings_pk", ["program_id", "city_id"])
    .execute();

  await db.schema
    .createTable("checklist_items")
    .addColumn("proposal_id", "text", (c) => c.notNull().references("proposals.id").onDelete("cascade"))
    .addColumn("item", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("value", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("checklist_items_pk", ["proposal_id", "item"])
    .execute();

  await db.schema
    .createTable("team_reports")
    .addColumn("proposal_id", "text", (c) => c.primaryKey().references("proposals.id").onDelete("cascade"))
    .addColumn("program_id", "text", (c) => c.notNull().references("programs.id").onDelete("cascade"))
    .addColumn("city_id", "text", (c) => c.notNull())
    .addColumn("meetings_held", "integer", (c) => c.notNull())
    .addColumn("leads", "integer", (c) => c.notNull())
    .addColumn("partnerships", "integer", (c) => c.notNull())
    .addColumn("mous", "integer", (c) => c.notNull())
    .addColumn("investment_eur", "real", (c) => c.notNull())
    .addColumn("follow_ups", "integer", (c) => c.notNull())
    .addColumn("next_steps", "text", (c) => c.notNull())
    .addColumn("satisfaction", "integer", (c) => c.notNull())
    .addColumn("testimonial", "text")
    .addColumn("submitted_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("results_meetings")
    .addColumn("program_id", "text", (c) => c.notNull().references("programs.id").onDelete("cascade"))
    .addColumn("city_id", "text", (c) => c.notNull())
    .addColumn("held_at", "text", (c) => c.notNull())
    .addColumn("notes", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("results_meetings_pk", ["program_id", "city_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["results_meetings", "team_reports", "checklist_items", "pre_departure_meetings", "matchmaking_slots", "matchmaking_requests", "matchmaking_partners", "itinerary_items"]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable("hosting_resources").dropColumn("updated_at").execute();
  for (const column of ["list_version", "partner_comment", "partner_status"]) {
    await db.schema.alterTable("topics").dropColumn(column).execute();
  }
}
