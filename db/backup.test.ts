import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { backupSqlite, restoreSqlite } from "./backup.ts";
import { createDb } from "./client.ts";
import { migrateToLatest } from "./migrate.ts";
import { seedDemo } from "../seeds/seed.ts";

const dir = mkdtempSync(join(tmpdir(), "passerelle-backup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("SQLite backup and restore", () => {
  it("backs up a live database and restores it over later changes", async () => {
    const location = join(dir, "live.db");
    const db = createDb({ dialect: "sqlite", location });
    await migrateToLatest(db);
    await seedDemo(db, new Date("2026-11-22T00:00:00.000Z"));
    const before = await db.selectFrom("proposals").select(["id", "state", "title"]).orderBy("id").execute();

    // Taken while the app still has the database open and writes to it.
    const backup = join(dir, "backups", "b1.db");
    const { pages } = await backupSqlite(location, backup);
    expect(pages).toBeGreaterThan(0);
    await db.deleteFrom("proposal_versions").execute();
    await db.deleteFrom("proposals").execute();
    expect(await db.selectFrom("proposals").select("id").execute()).toHaveLength(0);
    await db.destroy();

    restoreSqlite(backup, location);
    const restored = createDb({ dialect: "sqlite", location });
    try {
      expect(await restored.selectFrom("proposals").select(["id", "state", "title"]).orderBy("id").execute()).toEqual(before);
      const instances = await restored.selectFrom("workflow_instances").select("id").execute();
      expect(instances.length).toBe(before.length + 1);
    } finally {
      await restored.destroy();
    }
  });

  it("refuses to restore a file that is not a sound SQLite database", () => {
    expect(() => restoreSqlite(join(dir, "missing.db"), join(dir, "x.db"))).toThrow(/No backup/);
  });
});
