import SQLite from "better-sqlite3";
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname } from "node:path";

/**
 * An online backup of a SQLite database: consistent even while the app is
 * serving and writing (SQLite's backup API, page by page). PostgreSQL
 * deployments use pg_dump instead (see the README).
 */
export async function backupSqlite(source: string, destination: string): Promise<{ pages: number }> {
  mkdirSync(dirname(destination), { recursive: true });
  const db = new SQLite(source, { readonly: true, fileMustExist: true });
  try {
    const result = await db.backup(destination);
    return { pages: result.totalPages };
  } finally {
    db.close();
  }
}

/** Restores a backup over a database that no process has open (stop the app first). */
export function restoreSqlite(backup: string, destination: string): void {
  if (!existsSync(backup)) throw new Error(`No backup at ${backup}`);
  const check = new SQLite(backup, { readonly: true, fileMustExist: true });
  try {
    const ok = check.pragma("integrity_check", { simple: true });
    if (ok !== "ok") throw new Error(`The backup at ${backup} is damaged: ${String(ok)}`);
  } finally {
    check.close();
  }
  for (const suffix of ["-wal", "-shm"]) rmSync(destination + suffix, { force: true });
  copyFileSync(backup, destination);
}
