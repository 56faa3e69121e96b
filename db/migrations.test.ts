import { describe, expect, it } from "vitest";
import { dialectOf } from "./client.ts";
import { migrateDownAll, migrateToLatest } from "./migrate.ts";
import { migrations } from "./migrations/index.ts";
import { forEachDialect } from "./test-support.ts";

const TABLES = [
  "audit_log",
  "checklist_items",
  "cities",
  "conflict_declarations",
  "hosting_resources",
  "invitations",
  "itinerary_items",
  "matchmaking_partners",
  "matchmaking_requests",
  "matchmaking_slots",
  "memberships",
  "outbox",
  "panel_decisions",
  "password_resets",
  "pre_departure_meetings",
  "programs",
  "proposal_versions",
  "proposals",
  "rate_limits",
  "results_meetings",
  "review_assignments",
  "reviews",
  "rubrics",
  "scheduled_jobs",
  "scheduler_leases",
  "sessions",
  "stage_windows",
  "team_members",
  "team_reports",
  "teams",
  "topics",
  "users",
  "workflow_events",
  "workflow_instances",
];

describe("migrations", () => {
  forEachDialect(
    (ctx) => {
      const tableNames = async () => (await ctx.db.introspection.getTables()).map((t) => t.name).sort();

      it("apply from an empty database", async () => {
        const applied = await migrateToLatest(ctx.db);
        expect(applied).toEqual(Object.keys(migrations));
        expect(await tableNames()).toEqual(TABLES);
      });

      it("are idempotent", async () => {
        expect(await migrateToLatest(ctx.db)).toEqual([]);
      });

      it("go all the way down, leaving no application table", async () => {
        await migrateDownAll(ctx.db);
        expect(await tableNames()).toEqual([]);
      });

      it("apply again after going down", async () => {
        expect(await migrateToLatest(ctx.db)).toEqual(Object.keys(migrations));
        expect(await tableNames()).toEqual(TABLES);
      });

      it("create the columns the schema declares", async () => {
        const tables = await ctx.db.introspection.getTables();
        const sessions = tables.find((t) => t.name === "sessions")!;
        expect(sessions.columns.map((c) => c.name).sort()).toEqual(["created_at", "expires_at", "id", "secret_hash", "user_id"]);
        const users = tables.find((t) => t.name === "users")!;
        expect(users.columns.find((c) => c.name === "password_hash")?.isNullable).toBe(true);
        expect(users.columns.find((c) => c.name === "email")?.isNullable).toBe(false);
      });

      it("store epoch-millisecond timestamps (beyond 32 bits)", async () => {
        const ms = Date.UTC(2026, 10, 22, 12, 0, 0);
        await ctx.db.insertInto("rate_limits").values({ key: "epoch-probe", window_start: ms, count: 1 }).execute();
        const row = await ctx.db.selectFrom("rate_limits").select("window_start").where("key", "=", "epoch-probe").executeTakeFirstOrThrow();
        expect(row.window_start).toBe(ms);
      });

      it("is seen as the right dialect", () => {
        expect(dialectOf(ctx.db)).toBe(ctx.name === "sqlite" ? "sqlite" : "postgres");
      });
    },
    { migrate: false },
  );
});
