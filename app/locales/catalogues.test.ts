import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import en from "./en/index.ts";
import fr from "./fr/index.ts";
import zhTW from "./zh-TW/index.ts";

/**
 * The three catalogues must stay in step: same keys, same placeholders, and a
 * real translation for every string a reader sees.
 */

type Tree = { readonly [key: string]: unknown };

const CATALOGUES = { en, fr, "zh-TW": zhTW } as Record<"en" | "fr" | "zh-TW", Tree>;
const TRANSLATED = ["fr", "zh-TW"] as const;

// Files merged (with a spread) into each catalogue's index.ts: a top-level key
// defined in two of them would silently hide the other.
const PARTS = ["auth", "common", "mail", "program", "roles", "timeline"] as const;

/** Leaf values by dotted path (keys themselves may contain "-" but never "."). */
function flatten(tree: Tree, prefix = "", out = new Map<string, unknown>()): Map<string, unknown> {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) flatten(value as Tree, path, out);
    else out.set(path, value);
  }
  return out;
}

const FLAT = {
  en: flatten(CATALOGUES.en),
  fr: flatten(CATALOGUES.fr),
  "zh-TW": flatten(CATALOGUES["zh-TW"]),
};

/** i18next interpolations `{{name}}` / `{{ name, format }}`: just the names. */
function placeholders(value: string): string[] {
  return [...new Set([...value.matchAll(/\{\{\s*([^},\s]+)[^}]*\}\}/g)].map((m) => m[1]!))].sort();
}

/**
 * Values allowed to equal the English one, by locale and path: words that are
 * spelt the same in French. Keep this list short; a brand name or a string
 * made only of placeholders/numbers needs no entry (see looksUntranslated).
 */
const SAME_AS_ENGLISH: Record<(typeof TRANSLATED)[number], ReadonlySet<string>> = {
  fr: new Set([
    "nav.admin", // Administration
    "nav.coordinate", // Coordination
    "home.programs", // Programmes
    "invitation.title", // Invitation
    "admin.title", // Administration
    "admin.programs", // Programmes
    "admin.program", // Programme
    "admin.links", // Pages
    "coordinate.home.title", // Coordination
    "program.resourceKind.programme", // Programme
    "coordConsole.dashboard.minutes", // {{count}} min (unit symbol, as in "3 h 12 min")
  ]),
  "zh-TW": new Set(),
};

/** An identical value is a forgotten translation if it still reads as words: a Latin word of 3+ letters outside placeholders and the brand. */
function looksUntranslated(value: string): boolean {
  const text = value.replace(/\{\{[^}]*\}\}/g, " ").replace(/Passerelle/g, " ");
  return /\p{Script=Latin}{3,}/u.test(text);
}

describe("locale catalogues", () => {
  it("no two catalogue files define the same top-level key", async () => {
    for (const locale of Object.keys(CATALOGUES)) {
      const seen = new Map<string, string>();
      const clashes: string[] = [];
      for (const part of PARTS) {
        const mod = (await import(`./${locale}/${part}.ts`)) as { default: Tree };
        for (const key of Object.keys(mod.default)) {
          if (seen.has(key)) clashes.push(`${locale}: "${key}" in ${seen.get(key)}.ts and ${part}.ts`);
          else seen.set(key, part);
        }
      }
      expect(clashes).toEqual([]);
    }
  });

  it.each(TRANSLATED)("%s has exactly the key paths of en", (locale) => {
    const enKeys = [...FLAT.en.keys()];
    const keys = [...FLAT[locale].keys()];
    const missing = enKeys.filter((k) => !FLAT[locale].has(k));
    const extra = keys.filter((k) => !FLAT.en.has(k));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it.each(Object.keys(FLAT) as (keyof typeof FLAT)[])("every %s value is a non-empty string", (locale) => {
    const bad = [...FLAT[locale]].filter(([, v]) => typeof v !== "string" || v.trim() === "").map(([k]) => k);
    expect(bad).toEqual([]);
  });

  it.each(TRANSLATED)("%s uses the same {{placeholders}} as en in every key", (locale) => {
    const mismatches: string[] = [];
    for (const [path, enValue] of FLAT.en) {
      const value = FLAT[locale].get(path);
      if (typeof value !== "string" || typeof enValue !== "string") continue; // reported by the key-path test
      const want = placeholders(enValue).join(",");
      const got = placeholders(value).join(",");
      if (want !== got) mismatches.push(`${path}: en {${want}} vs ${locale} {${got}}`);
    }
    expect(mismatches).toEqual([]);
  });

  it.each(TRANSLATED)("%s has no untranslated string (identical to en)", (locale) => {
    const untranslated: string[] = [];
    for (const [path, enValue] of FLAT.en) {
      const value = FLAT[locale].get(path);
      if (typeof value !== "string" || value !== enValue) continue;
      if (SAME_AS_ENGLISH[locale].has(path) || !looksUntranslated(value)) continue;
      untranslated.push(path);
    }
    expect(untranslated).toEqual([]);
  });

  it("the allowlist only lists keys that exist and are still identical to en", () => {
    // A stale entry would silently allow a future untranslated copy.
    for (const locale of TRANSLATED) {
      for (const path of SAME_AS_ENGLISH[locale]) {
        expect(FLAT.en.has(path), `${locale} allowlist: ${path} is not an en key`).toBe(true);
        expect(FLAT[locale].get(path), `${locale} allowlist: ${path} is translated now, drop it from the list`).toBe(FLAT.en.get(path));
      }
    }
  });

  it.each(Object.keys(CATALOGUES) as (keyof typeof CATALOGUES)[])("every %s mail template has exactly a subject and a body", (locale) => {
    const mail = CATALOGUES[locale].mail as Record<string, Record<string, unknown>>;
    expect(Object.keys(mail).length).toBeGreaterThan(0);
    const bad = Object.entries(mail)
      .filter(([, t]) => typeof t?.subject !== "string" || typeof t?.body !== "string" || Object.keys(t).length !== 2)
      .map(([name]) => name);
    expect(bad).toEqual([]);
  });

  it("every mail template the server code enqueues by literal name exists in en", () => {
    // e.g. enqueueMail(trx, { …, template: "call-reminder", … }); names built at run time are covered above.
    const dirs = ["../services", "../lib"].map((d) => new URL(`${d}/`, import.meta.url));
    const used = new Map<string, string>();
    for (const dir of dirs) {
      for (const file of readdirSync(dir).filter((f) => f.endsWith(".server.ts"))) {
        for (const m of readFileSync(new URL(file, dir), "utf8").matchAll(/\btemplate:\s*"([a-z0-9-]+)"/g)) used.set(m[1]!, file);
      }
    }
    expect(used.size).toBeGreaterThan(0);
    const mail = CATALOGUES.en.mail as Record<string, unknown>;
    expect([...used].filter(([t]) => !(t in mail)).map(([t, file]) => `${t} (${file})`)).toEqual([]);
  });

  it("the mail templates sent by the account and invitation services exist in every catalogue", () => {
    const used = ["welcome", "account-exists", "password-reset", "invitation-coordinator", "invitation-reviewer", "invitation-team-member"];
    for (const locale of Object.keys(CATALOGUES) as (keyof typeof CATALOGUES)[]) {
      const mail = CATALOGUES[locale].mail as Record<string, unknown>;
      expect(used.filter((t) => !(t in mail)), `${locale} catalogue`).toEqual([]);
    }
  });
});
