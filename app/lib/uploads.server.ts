import { openAsBlob } from "node:fs";
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { readConfig } from "./config.server.ts";
import { randomId } from "./ids.ts";

export const MAX_DECK_BYTES = 10 * 1024 * 1024;

/** Keys are made by the app (decks/<proposal id>/<random id>.pdf); anything else is refused. */
const KEY_SHAPE = /^decks\/[A-Za-z0-9_-]{1,64}\/[A-Za-z0-9_-]{1,64}\.pdf$/;

/**
 * Pitch decks on disk (UPLOADS_DIR), only served through an authorizing route.
 * A deck is written to a temporary name, flushed to disk, then renamed, so
 * once the submission that names it is acknowledged it survives a crash or a
 * power cut, and a reader never sees half a file. (@remix-run/file-storage
 * does not flush; see docs/decisions/0006-durable-decks.md.)
 */
export interface DeckStore {
  /** The deck's bytes as a Blob, or as the chunks an upload parser holds (written without joining them). */
  set(key: string, content: Blob | readonly Uint8Array[]): Promise<void>;
  /** null when there is no such deck */
  get(key: string): Promise<Blob | null>;
  remove(key: string): Promise<void>;
}

function pathOf(root: string, key: string): string {
  if (!KEY_SHAPE.test(key)) throw new Error(`Not a deck key: ${key.slice(0, 100)}`);
  return join(root, key);
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Below the usual IOV_MAX (1024); Node does not split larger vectors itself. */
const WRITEV_BATCH = 256;

/** Opens a file that must not exist yet, making its folder on first use. */
async function openNew(path: string) {
  try {
    return await open(path, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    await mkdir(dirname(path), { recursive: true });
    return open(path, "wx");
  }
}

export function createDeckStore(root: string): DeckStore {
  return {
    async set(key, content) {
      const target = pathOf(root, key);
      const temporary = `${target}.${randomId()}.partial`;
      const handle = await openNew(temporary);
      try {
        if (content instanceof Blob) for await (const chunk of content.stream()) await handle.write(chunk);
        else for (let i = 0; i < content.length; i += WRITEV_BATCH) await handle.writev(content.slice(i, i + WRITEV_BATCH));
        await handle.sync();
      } catch (error) {
        await handle.close();
        await rm(temporary, { force: true });
        throw error;
      }
      await handle.close();
      await rename(temporary, target);
      await syncDirectory(dirname(target));
    },
    async get(key) {
      const path = pathOf(root, key);
      try {
        if (!(await stat(path)).isFile()) return null;
      } catch {
        return null;
      }
      return openAsBlob(path, { type: "application/pdf" });
    },
    async remove(key) {
      await rm(pathOf(root, key), { force: true });
    },
  };
}

const KEY = Symbol.for("passerelle.decks");
type Holder = { [KEY]?: DeckStore };

export function deckStorage(): DeckStore {
  const holder = globalThis as Holder;
  return (holder[KEY] ??= createDeckStore(resolve(readConfig().uploadsDir)));
}

/** A PDF is recognised by its first bytes, never by its name or the browser's content type. */
export function looksLikePdf(bytes: Uint8Array): boolean {
  return bytes.length >= 5 && bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46 && bytes[4] === 0x2d;
}
