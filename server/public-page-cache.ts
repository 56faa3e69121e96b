import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import type { createRequestHandler } from "react-router";
import { LOCALE_COOKIE } from "../app/lib/locales.ts";
import { SESSION_COOKIE } from "../app/lib/sessions.server.ts";

/**
 * The public pages (home and /programs/<slug>) as seen by a visitor without a
 * session, kept for one second. When results are announced every applicant,
 * journalist and partner opens the same page at once; rendering it once per
 * second per language instead of once per visit keeps the server answering.
 *
 * - Only anonymous GETs without a query are cached; anything with a session
 *   cookie, a query or another path goes to the app untouched.
 * - The key holds what chooses the language (the switcher's cookie and
 *   Accept-Language), so each language is its own entry.
 * - Any state-changing request or scheduler run in this process empties the
 *   cache, and a page rendered while one was in flight is not kept: a visitor
 *   never sees a page older than the last write made through this process.
 *   Writes made by another instance show within the one-second lifetime.
 * - A cached page is sent byte for byte to many visitors, so it cannot carry a
 *   per-response CSP nonce: its inline scripts are allowed by their SHA-256
 *   hashes instead (as strict as a nonce: no 'unsafe-inline').
 * See docs/decisions/0005-public-page-cache.md.
 */
type Handler = ReturnType<typeof createRequestHandler>;

const LIFETIME_MS = 1000;
const MAX_ENTRIES = 300;
const CACHEABLE_PATH = /^\/(?:programs\/[a-z0-9][a-z0-9-]{0,79})?$/;
const LANGUAGE_COOKIE = new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=([^;]*)`);

interface Entry {
  storedAt: number;
  status: number;
  headers: [string, string][];
  body: Buffer;
  gzipped: Buffer;
}

export interface PublicPageCache {
  /** Answers from the cache (or renders and keeps the page); false when the request is not for it. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Something changed: forget every page. */
  invalidate(): void;
  readonly size: number;
}

export function createPublicPageCache(render: Handler, options: { baseUrl: string; now?: () => number }): PublicPageCache {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let generation = 0;

  const invalidate = () => {
    generation++;
    entries.clear();
  };

  function keyOf(req: IncomingMessage): string | null {
    if (req.method !== "GET" && req.method !== "HEAD") return null;
    const url = req.url ?? "";
    if (!CACHEABLE_PATH.test(url)) return null;
    const cookie = req.headers.cookie ?? "";
    if (cookie.includes(`${SESSION_COOKIE}=`)) return null;
    const language = LANGUAGE_COOKIE.exec(cookie)?.[1] ?? "";
    return `${url}\n${language}\n${req.headers["accept-language"] ?? ""}`;
  }

  async function renderAndKeep(req: IncomingMessage, key: string): Promise<Entry> {
    const startedIn = generation;
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(name, value);
      else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    }
    const response = await render(new Request(new URL(req.url ?? "/", options.baseUrl), { method: "GET", headers }));
    const body = Buffer.from(await response.arrayBuffer());
    const entry = toEntry(response, body, now());
    const keepable = response.status === 200 && !response.headers.has("set-cookie") && (response.headers.get("content-type") ?? "").startsWith("text/html");
    if (keepable && startedIn === generation) {
      if (entries.size >= MAX_ENTRIES) entries.clear();
      entries.set(key, entry);
    }
    return entry;
  }

  function handle(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== "GET" && req.method !== "HEAD") {
      // A write: pages rendered before or during it must not be served after it.
      invalidate();
      res.once("close", invalidate);
      return false;
    }
    const key = keyOf(req);
    if (key === null) return false;
    const hit = entries.get(key);
    if (hit && now() - hit.storedAt < LIFETIME_MS) {
      send(req, res, hit);
      return true;
    }
    renderAndKeep(req, key).then(
      (entry) => send(req, res, entry),
      (error: unknown) => {
        console.error("public page render failed:", error);
        if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
        res.end("Internal Server Error");
      },
    );
    return true;
  }

  return {
    handle,
    invalidate,
    get size() {
      return entries.size;
    },
  };
}

function toEntry(response: Response, body: Buffer, storedAt: number): Entry {
  const headers: [string, string][] = [];
  const html = body.toString("utf8");
  for (const [name, value] of response.headers) {
    if (name === "content-length" || name === "content-encoding") continue;
    headers.push([name, name === "content-security-policy" ? withScriptHashes(value, html) : value]);
  }
  headers.push(["vary", "Accept-Encoding, Accept-Language, Cookie"]);
  return { storedAt, status: response.status, headers, body, gzipped: gzipSync(body) };
}

/** The policy with the per-response nonce replaced by the hashes of the page's inline scripts. */
export function withScriptHashes(policy: string, html: string): string {
  const hashes = new Set<string>();
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const [, attributes = "", content = ""] = match;
    if (/\ssrc\s*=/i.test(attributes) || content.length === 0) continue;
    hashes.add(`'sha256-${createHash("sha256").update(content, "utf8").digest("base64")}'`);
  }
  return policy
    .split(";")
    .map((directive) => {
      const trimmed = directive.trim();
      if (!trimmed.startsWith("script-src ")) return trimmed;
      const sources = trimmed
        .split(/\s+/)
        .slice(1)
        .filter((s) => !s.startsWith("'nonce-"));
      return ["script-src", ...sources, ...hashes].join(" ");
    })
    .join("; ");
}

function send(req: IncomingMessage, res: ServerResponse, entry: Entry): void {
  const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
  const body = gzip ? entry.gzipped : entry.body;
  for (const [name, value] of entry.headers) res.appendHeader(name, value);
  if (gzip) res.setHeader("content-encoding", "gzip");
  res.setHeader("content-length", body.length);
  res.writeHead(entry.status);
  res.end(req.method === "HEAD" ? undefined : body);
}
