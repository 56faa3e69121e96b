import { readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { DB } from "../../db/client.ts";

/** A deck younger than this may belong to a submission still being committed. */
export const ORPHAN_AGE_MS = 60 * 60 * 1000;
const CHUNK = 500;

/**
 * Removes the deck files no proposal and no submitted version names, once
 * they are an hour old: what a crash between storing a deck and committing
 * its submission leaves behind, and `.partial` files of interrupted writes.
 * Ages are file times, so `now` is the real time, never the app's clock.
 */
export async function sweepOrphanDecks(db: DB, uploadsDir: string, now = new Date()): Promise<{ removed: string[] }> {
  const root = join(uploadsDir, "decks");
  const candidates: { key: string; path: string }[] = [];
  for (const folder of await readdir(root).catch(() => [] as string[])) {
    for (const name of await readdir(join(root, folder)).catch(() => [] as string[])) {
      const path = join(root, folder, name);
      const info = await stat(path).catch(() => null);
      if (info?.isFile() && now.getTime() - info.mtimeMs >= ORPHAN_AGE_MS) candidates.push({ key: `decks/${folder}/${name}`, path });
    }
  }
  const named = new Set<string>();
  for (let i = 0; i < candidates.length; i += CHUNK) {
    const keys = candidates.slice(i, i + CHUNK).map((c) => c.key);
    for (const table of ["proposals", "proposal_versions"] as const) {
      const rows = await db.selectFrom(table).select("deck_key").where("deck_key", "in", keys).execute();
      for (const r of rows) if (r.deck_key) named.add(r.deck_key);
    }
  }
  const removed: string[] = [];
  for (const c of candidates) {
    if (named.has(c.key)) continue;
    await rm(c.path, { force: true });
    removed.push(c.key);
  }
  return { removed };
}
