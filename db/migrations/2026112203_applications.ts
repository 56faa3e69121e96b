import type { Kysely } from "kysely";

// Frozen: never import application code here.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("proposals").addColumn("offer_expires_at", "text").execute();
  await db.schema.alterTable("proposals").addColumn("deck_name", "text").execute();
  await db.schema.alterTable("proposals").addColumn("deck_size", "integer").execute();
  await db.schema.alterTable("proposals").addColumn("ineligible_reason", "text").execute();
  await db.schema.alterTable("proposal_versions").addColumn("deck_name", "text").execute();
  await db.schema.createIndex("invitations_team_idx").on("invitations").column("team_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("invitations_team_idx").execute();
  await db.schema.alterTable("proposal_versions").dropColumn("deck_name").execute();
  for (const column of ["ineligible_reason", "deck_size", "deck_name", "offer_expires_at"]) {
    await db.schema.alterTable("proposals").dropColumn(column).execute();
  }
}
