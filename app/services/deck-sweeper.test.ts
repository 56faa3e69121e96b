import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { forEachDialect } from "../../db/test-support.ts";
import { randomId } from "../lib/ids.ts";
import { sweepOrphanDecks } from "./deck-sweeper.server.ts";
import { createTestProgram } from "./test-fixtures.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const window = { opensAt: "2019-04-01T00:00:00.000Z", closesAt: "2019-05-31T00:00:00.000Z", graceMinutes: 0 };

forEachDialect((ctx) => {
  describe("sweepOrphanDecks", () => {
    it("removes hour-old decks nothing names, and keeps named and recent ones", async () => {
      const programId = await createTestProgram(ctx.db, { taichung: window, toulouse: window });
      const at = "2019-04-02T00:00:00.000Z";
      const userId = randomId();
      const teamId = randomId();
      const proposalId = randomId();
      await ctx.db.insertInto("users").values({ id: userId, email: `${userId}@x.test`, name: "A", password_hash: null, locale: "en", time_zone: null, is_admin: 0, created_at: at }).execute();
      await ctx.db.insertInto("teams").values({ id: teamId, name: "T", city_id: "taichung", founding_year: null, website: null, sector: null, size: null, created_by: userId, created_at: at }).execute();
      const key = (name: string) => `decks/${proposalId}/${name}`;
      await ctx.db
        .insertInto("proposals")
        .values({ id: proposalId, program_id: programId, team_id: teamId, city_id: "taichung", topic_id: null, title: "P", content: "{}", deck_key: key("current.pdf"), state: "submitted", submitted_version: 1, submitted_at: at, created_at: at, updated_at: at })
        .execute();
      await ctx.db.insertInto("proposal_versions").values({ proposal_id: proposalId, version: 1, title: "P", content: "{}", deck_key: key("v1.pdf"), deck_name: "v1.pdf", submitted_by: userId, submitted_at: at }).execute();

      const uploads = mkdtempSync(join(tmpdir(), "sweep-"));
      dirs.push(uploads);
      mkdirSync(join(uploads, "decks", proposalId), { recursive: true });
      const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
      for (const name of ["current.pdf", "v1.pdf", "orphan.pdf", "x.pdf.abc.partial", "fresh-orphan.pdf"]) {
        const path = join(uploads, "decks", proposalId, name);
        writeFileSync(path, "%PDF-");
        if (name !== "fresh-orphan.pdf") utimesSync(path, old, old);
      }

      const { removed } = await sweepOrphanDecks(ctx.db, uploads);
      expect(removed.sort()).toEqual([key("orphan.pdf"), key("x.pdf.abc.partial")]);
      expect(["current.pdf", "v1.pdf", "fresh-orphan.pdf"].filter((name) => !existsSync(join(uploads, "decks", proposalId, name)))).toEqual([]);
      expect(await sweepOrphanDecks(ctx.db, join(uploads, "nothing-here"))).toEqual({ removed: [] });
    });
  });
});
