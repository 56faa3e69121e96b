import { createFsFileStorage } from "@remix-run/file-storage/fs";
import type { FileStorage } from "@remix-run/file-storage";
import { resolve } from "node:path";
import { readConfig } from "./config.server.ts";

export const MAX_DECK_BYTES = 10 * 1024 * 1024;

const KEY = Symbol.for("passerelle.storage");
type Holder = { [KEY]?: FileStorage };

/** Pitch decks on disk (UPLOADS_DIR); only served through an authorizing route. */
export function deckStorage(): FileStorage {
  const holder = globalThis as Holder;
  return (holder[KEY] ??= createFsFileStorage(resolve(readConfig().uploadsDir)));
}

/** A PDF is recognised by its first bytes, never by its name or the browser's content type. */
export function looksLikePdf(bytes: Uint8Array): boolean {
  return bytes.length >= 5 && bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46 && bytes[4] === 0x2d;
}
