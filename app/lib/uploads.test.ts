import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createDeckStore, looksLikePdf } from "./uploads.server.ts";

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});
function store() {
  const root = mkdtempSync(join(tmpdir(), "decks-"));
  roots.push(root);
  return { root, decks: createDeckStore(root) };
}

describe("deck store", () => {
  it("keeps a deck whole under its key, leaves no temporary file, and removes it", async () => {
    const { root, decks } = store();
    const bytes = new Uint8Array(300_000).map((_, i) => i % 251);
    await decks.set("decks/p1/abc.pdf", new Blob([bytes]));
    const back = await decks.get("decks/p1/abc.pdf");
    expect(back?.type).toBe("application/pdf");
    expect(new Uint8Array(await back!.arrayBuffer())).toEqual(bytes);
    expect(readdirSync(join(root, "decks/p1"))).toEqual(["abc.pdf"]);
    await decks.remove("decks/p1/abc.pdf");
    expect(await decks.get("decks/p1/abc.pdf")).toBeNull();
  });

  it("refuses keys it did not make, so no path can leave the folder", async () => {
    const { decks } = store();
    for (const key of ["../etc/passwd", "decks/../../x.pdf", "decks/p1/a.exe", "/decks/p1/a.pdf", "decks/p1/a.pdf/.."]) {
      await expect(decks.set(key, new Blob(["%PDF-"]))).rejects.toThrow(/Not a deck key/);
    }
  });

  it("recognises a PDF by its first bytes only", () => {
    expect(looksLikePdf(new TextEncoder().encode("%PDF-1.7"))).toBe(true);
    expect(looksLikePdf(new TextEncoder().encode("\x7fELF"))).toBe(false);
    expect(looksLikePdf(new Uint8Array())).toBe(false);
  });
});

describe("deck store, from an upload parser's chunks", () => {
  it("writes the chunks in order, however many there are", async () => {
    const { decks } = store();
    const chunks = Array.from({ length: 1500 }, (_, i) => new Uint8Array(7).fill(i % 256));
    await decks.set("decks/p2/many.pdf", chunks);
    const back = new Uint8Array(await (await decks.get("decks/p2/many.pdf"))!.arrayBuffer());
    expect(back.length).toBe(1500 * 7);
    expect([back[0], back[7], back[7 * 1499]]).toEqual([0, 1, 1499 % 256]);
  });
});
