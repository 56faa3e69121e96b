import fc from "fast-check";

/**
 * The pieces of the bad-input fuzz (e2e/fuzz.spec.ts): a seeded PRNG, the
 * values it draws from, request bodies built byte by byte (so invalid UTF-8
 * reaches the server as sent), and the few HTML readings the checks need.
 * No HTML parser is a dependency; React's server output is regular enough
 * for the narrow patterns below.
 */

// ---------------------------------------------------------------------------
// Seeded randomness: a run is reproduced by its seed (FUZZ_SEED).
// ---------------------------------------------------------------------------

export class Rng {
  private state: number;
  readonly seed: number;
  constructor(seed: number) {
    this.seed = seed >>> 0;
    this.state = this.seed || 0x9e3779b9;
  }
  /** mulberry32: small, fast, and the same sequence on every platform. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
  /** A seed for a library that takes one (fast-check). */
  derive(): number {
    return this.int(2 ** 31);
  }
}

// ---------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------

/** A file part of a multipart body. */
export interface FilePart {
  filename: string | Uint8Array;
  type: string;
  bytes: Uint8Array;
}
/** Text (sent as UTF-8), raw bytes (sent as they are, valid UTF-8 or not), or a file. */
export type FieldValue = string | Uint8Array | FilePart;
export type FieldName = string | Uint8Array;
export type Field = readonly [FieldName, FieldValue];

export interface Drawn {
  label: string;
  value: FieldValue;
}

const bytes = (...b: number[]) => Uint8Array.from(b);
const utf8 = (s: string) => new TextEncoder().encode(s);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

export const MB = 1024 * 1024;
/** One megabyte of text: the size the form readers refuse from (readForm, 1 MB). */
export const HUGE = "A".repeat(MB);
/** Just under that limit, so the field's own length rule has to answer. */
export const NEARLY_HUGE = "é".repeat(450_000);

export const MARKUP = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>'] as const;
/** What must never come back unescaped in a page. */
export const MARKUP_ECHOES = ["<script>alert(1)", "<img src=x onerror"] as const;

/** Values for any field, whatever it expects. */
const ANY: Drawn[] = [
  { label: "empty", value: "" },
  { label: "spaces", value: "   \t  " },
  { label: "control characters and NUL", value: "a\u0000b\u0001\u0007\u0008\u001b[31m\u007f\r\n\u0085c" },
  { label: "NUL only", value: "\u0000" },
  { label: "RTL override", value: "\u202Egnp.exe\u202C admin\u200F\u2066x\u2069" },
  { label: "zero-width and BOM", value: "\uFEFF\u200B\u200C\u200D" },
  { label: "lone high surrogate (as CESU bytes)", value: bytes(0x61, 0xed, 0xa0, 0x80, 0x62) },
  { label: "lone low surrogate (as CESU bytes)", value: bytes(0xed, 0xbf, 0xbf) },
  { label: "invalid UTF-8 bytes", value: bytes(0xff, 0xfe, 0xc3) },
  { label: "truncated UTF-8 sequence", value: concat(utf8("caf"), bytes(0xc3)) },
  { label: "overlong UTF-8 slash", value: bytes(0xc0, 0xaf, 0x2e, 0x2e) },
  { label: "script tag", value: MARKUP[0] },
  { label: "attribute break-out", value: MARKUP[1] },
  { label: "SQL: drop table", value: "'; DROP TABLE users; --" },
  { label: "SQL: tautology", value: "1 OR 1=1" },
  { label: "SQL: quote soup", value: `' " \\ \`; -- /* */ %` },
  { label: "template and JSON", value: '{{constructor.constructor("x")()}} {"$gt":""} ${7*7}' },
  { label: "prototype keys", value: "__proto__" },
  { label: "path traversal", value: "../../../../etc/passwd" },
  { label: "percent garbage", value: "%00%ZZ%%" },
  { label: "emoji and combining marks", value: "👩🏽‍💻 Z̤͔ͧ̑̓ä͖̭̈̇l͖͎g̞̥͈ͮ̀o 台中" },
  { label: "long line (20 000)", value: "x".repeat(20_000) },
  { label: "nearly 1 MB", value: NEARLY_HUGE },
];

/** Wrong types: what a number, date, id or choice field gets instead. */
const WRONG_TYPES: Drawn[] = [
  { label: "number -1", value: "-1" },
  { label: "number 0", value: "0" },
  { label: "number 1e309", value: "1e309" },
  { label: "NaN", value: "NaN" },
  { label: "Infinity", value: "Infinity" },
  { label: "2^53 + 1", value: "9007199254740993" },
  { label: "hex number", value: "0x1F" },
  { label: "decimal with comma", value: "3,5" },
  { label: "padded number", value: " 42 " },
  { label: "text for a number", value: "forty-two" },
  { label: "impossible date", value: "2024-02-30T25:61" },
  { label: "year zero", value: "0000-00-00T00:00" },
  { label: "far future date", value: "275760-09-13T00:00" },
  { label: "date with offset", value: "2025-06-01T10:00:00+25:00" },
  { label: "nil uuid", value: "00000000-0000-0000-0000-000000000000" },
  { label: "id of 64 chars", value: "z".repeat(64) },
  { label: "id of 65 chars", value: "z".repeat(65) },
  { label: "boolean", value: "true" },
  { label: "JSON array", value: "[1,2,3]" },
  { label: "e-mail with newline header", value: "a@b.test\r\nBcc: victim@example.com" },
  { label: "e-mail without domain", value: "a@" },
  { label: "javascript URL", value: "javascript:alert(1)" },
  { label: "protocol-relative URL", value: "//evil.example/x" },
];

/** A field's value, drawn for what the field expects; `small` leaves out the near-megabyte ones (for many fields at once). */
export function drawValue(rng: Rng, kind: FieldKind, small = false): Drawn {
  for (;;) {
    const drawn = drawAny(rng, kind);
    if (!small || sizeOf(drawn.value) <= 64 * 1024) return drawn;
  }
}

function sizeOf(value: FieldValue): number {
  return typeof value === "string" ? value.length : value instanceof Uint8Array ? value.length : value.bytes.length;
}

function drawAny(rng: Rng, kind: FieldKind): Drawn {
  const typed = kind === "number" || kind === "date" || kind === "datetime-local" || kind === "hidden" || kind === "select" || kind === "radio" || kind === "checkbox" || kind === "email" || kind === "url";
  if (rng.chance(0.12)) return generated(rng);
  // Typed fields mostly get the wrong type; text fields get it too (a number where text is expected), less often.
  return rng.chance(typed ? 0.6 : 0.25) ? rng.pick(WRONG_TYPES) : rng.pick(ANY);
}

/** Random text from fast-check: arbitrary code points, including the rare and the unassigned. */
function generated(rng: Rng): Drawn {
  const [value] = fc.sample(fc.string({ unit: "binary", minLength: 1, maxLength: 80 }), { seed: rng.derive(), numRuns: 1 });
  return { label: "generated text", value: value ?? "" };
}

/** Unknown values for an `intent` (or any choice) field. */
export const UNKNOWN_INTENTS = ["DROP", "__proto__", "constructor", "submit\u0000", "SAVE", "save ", "x".repeat(300), "[]", "1"] as const;

/** Field names nobody declared: prototype keys, very long, invalid UTF-8. */
export const ODD_NAMES: FieldName[] = ["__proto__", "constructor", "__proto__[admin]", "toString", "x".repeat(2000), bytes(0xff, 0xfe), "a.b.c.d", "intent[]", ""];

// ---------------------------------------------------------------------------
// Uploads
// ---------------------------------------------------------------------------

export const DECK_LIMIT = 10 * MB;
const ELF = concat(bytes(0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00), new Uint8Array(120));
const PNG = concat(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), new Uint8Array(64));
const PDF_HEAD = utf8("%PDF-1.4\n");

/** Files that must be refused (or ignored), each with why. */
export function badDecks(): Drawn[] {
  return [
    { label: "PNG bytes named deck.png", value: { filename: "deck.png", type: "image/png", bytes: PNG } },
    { label: "empty file", value: { filename: "deck.pdf", type: "application/pdf", bytes: new Uint8Array(0) } },
    { label: "ELF bytes named deck.pdf", value: { filename: "deck.pdf", type: "application/pdf", bytes: ELF } },
    { label: "HTML named deck.pdf", value: { filename: "deck.pdf", type: "application/pdf", bytes: utf8(`<html>${MARKUP[0]}</html>`) } },
    { label: "12 MB PDF", value: { filename: "big.pdf", type: "application/pdf", bytes: concat(PDF_HEAD, new Uint8Array(12 * MB)) } },
    { label: "10 MB + 1 byte PDF", value: { filename: "edge.pdf", type: "application/pdf", bytes: concat(PDF_HEAD, new Uint8Array(DECK_LIMIT + 1 - PDF_HEAD.length)) } },
  ];
}

/** A real (tiny) PDF under names that must not reach the file system as they are. */
export function oddlyNamedPdf(pdf: Uint8Array, rng: Rng): Drawn {
  const names: (string | Uint8Array)[] = ["../../../etc/passwd.pdf", "\u202Efdp.exe", "a\u0000b.pdf", "<script>alert(1)</script>.pdf", "C:\\Windows\\deck.pdf", "x".repeat(5000) + ".pdf", bytes(0xff, 0xfe, 0x2e, 0x70, 0x64, 0x66), ""];
  const name = rng.pick(names);
  return { label: `a PDF named ${typeof name === "string" ? JSON.stringify(name.slice(0, 40)) : "with invalid UTF-8"}`, value: { filename: name, type: "application/pdf", bytes: pdf } };
}

// ---------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------

export type Encoding = "urlencoded" | "multipart";

function toBytes(v: string | Uint8Array): Uint8Array {
  return typeof v === "string" ? utf8(v) : v;
}

/** Percent-encodes every byte that is not unreserved, as a browser does (space as +). */
function percent(b: Uint8Array): string {
  let out = "";
  for (const byte of b) {
    if ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || byte === 0x2d || byte === 0x2e || byte === 0x5f || byte === 0x2a) out += String.fromCharCode(byte);
    else if (byte === 0x20) out += "+";
    else out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

export function urlencoded(fields: readonly Field[]): { body: Uint8Array; contentType: string } {
  const parts = fields.map(([name, value]) => {
    const v = typeof value === "object" && !(value instanceof Uint8Array) ? value.filename : value;
    return `${percent(toBytes(name))}=${percent(toBytes(v))}`;
  });
  return { body: utf8(parts.join("&")), contentType: "application/x-www-form-urlencoded" };
}

/** Quotes a name in a Content-Disposition header as browsers do (", CR and LF escaped). */
function quoted(v: string | Uint8Array): Uint8Array {
  if (typeof v !== "string") return v;
  return utf8(v.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A"));
}

export function multipart(fields: readonly Field[], boundary = "----PasserelleFuzz7MA4YWxkTrZu0gW"): { body: Uint8Array; contentType: string } {
  const chunks: Uint8Array[] = [];
  for (const [name, value] of fields) {
    chunks.push(utf8(`--${boundary}\r\nContent-Disposition: form-data; name="`), quoted(name), utf8('"'));
    if (typeof value === "object" && !(value instanceof Uint8Array)) {
      chunks.push(utf8('; filename="'), quoted(value.filename), utf8(`"\r\nContent-Type: ${value.type}\r\n\r\n`), value.bytes, utf8("\r\n"));
    } else {
      chunks.push(utf8("\r\n\r\n"), toBytes(value), utf8("\r\n"));
    }
  }
  chunks.push(utf8(`--${boundary}--\r\n`));
  return { body: concat(...chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export function encode(fields: readonly Field[], encoding: Encoding): { body: Uint8Array; contentType: string } {
  return encoding === "multipart" ? multipart(fields) : urlencoded(fields);
}

/** Bodies that are not a form at all, or a broken one. */
export function brokenBodies(): { label: string; body: Uint8Array; contentType: string | null }[] {
  const good = multipart([["a", "b"]]);
  return [
    { label: "JSON body", body: utf8('{"intent":"save","__proto__":{"admin":true}}'), contentType: "application/json" },
    { label: "text/plain body", body: utf8("intent=save\r\nx=y"), contentType: "text/plain" },
    { label: "no content type", body: utf8("intent=save"), contentType: null },
    { label: "raw invalid UTF-8 as a urlencoded form", body: bytes(0xff, 0xfe, 0xc3, 0x3d, 0xff, 0x26, 0x00, 0x3d, 0x00), contentType: "application/x-www-form-urlencoded" },
    { label: "multipart without a boundary", body: good.body, contentType: "multipart/form-data" },
    { label: "multipart cut in the middle", body: good.body.slice(0, good.body.length - 12), contentType: good.contentType },
    { label: "multipart with a part without headers", body: utf8("--B\r\n\r\nvalue\r\n--B--\r\n"), contentType: "multipart/form-data; boundary=B" },
    { label: "multipart with 2000 parts", body: multipart(Array.from({ length: 2000 }, (_, i) => [`f${i}`, "x"] as const)).body, contentType: good.contentType },
  ];
}

// ---------------------------------------------------------------------------
// Reading the HTML
// ---------------------------------------------------------------------------

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (_, e: string) => {
    const lower = e.toLowerCase();
    if (lower.startsWith("#x")) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith("#")) return String.fromCodePoint(parseInt(lower.slice(1), 10));
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" }[lower] ?? "";
  });
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([^\s"'<>/=]+)(?:="([^"]*)")?/g)) out[m[1]!.toLowerCase()] = decodeEntities(m[2] ?? "");
  return out;
}

export type FieldKind = "hidden" | "text" | "textarea" | "number" | "date" | "datetime-local" | "email" | "password" | "url" | "checkbox" | "radio" | "select" | "file" | "other";

export interface FormField {
  name: string;
  kind: FieldKind;
  value: string;
  checked: boolean;
  required: boolean;
  options: string[];
}
export interface PostForm {
  action: string;
  fields: FormField[];
  /** Named submit buttons, e.g. the `intent` values. */
  buttons: { name: string; value: string }[];
}

const INPUT_KINDS = new Set<FieldKind>(["hidden", "text", "number", "date", "datetime-local", "email", "password", "url", "checkbox", "radio", "file"]);

/** The POST forms of a page whose action is `actionPath` (path and query as the page writes it). */
export function postForms(html: string, actionPath: string): PostForm[] {
  const forms: PostForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attrs = attributes(m[1]!);
    if ((attrs.method ?? "get").toLowerCase() !== "post") continue;
    if ((attrs.action ?? actionPath) !== actionPath) continue;
    const fields: FormField[] = [];
    const buttons: { name: string; value: string }[] = [];
    for (const t of m[2]!.matchAll(/<input\b([^>]*)>|<(select|textarea|button)\b([^>]*)>([\s\S]*?)<\/\2>/g)) {
      const tag = t[2] ?? "input";
      const a = attributes(t[1] ?? t[3]!);
      const inner = t[4];
      const name = a.name;
      if (tag === "button") {
        if (name && (a.type ?? "submit") === "submit") buttons.push({ name, value: a.value ?? "" });
        continue;
      }
      if (!name) continue;
      if (tag === "select") {
        const options = [...(inner ?? "").matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/g)].map((o) => ({ a: attributes(o[1]!), text: decodeEntities(o[2]!) }));
        const chosen = options.find((o) => "selected" in o.a) ?? options[0];
        fields.push({ name, kind: "select", value: chosen ? (chosen.a.value ?? chosen.text) : "", checked: false, required: "required" in a, options: options.map((o) => o.a.value ?? o.text) });
      } else if (tag === "textarea") {
        fields.push({ name, kind: "textarea", value: decodeEntities(inner ?? ""), checked: false, required: "required" in a, options: [] });
      } else {
        const type = (a.type ?? "text").toLowerCase();
        if (type === "submit" || type === "image") {
          buttons.push({ name, value: a.value ?? "" });
          continue;
        }
        const kind = INPUT_KINDS.has(type as FieldKind) ? (type as FieldKind) : type === "search" || type === "tel" ? "text" : "other";
        fields.push({ name, kind, value: a.value ?? (kind === "checkbox" || kind === "radio" ? "on" : ""), checked: "checked" in a, required: "required" in a, options: [] });
      }
    }
    forms.push({ action: attrs.action ?? actionPath, fields, buttons });
  }
  return forms;
}

/** What a browser sends for the form, pressing `button` (the first named one by default). */
export function browserFields(form: PostForm, button = form.buttons[0]): Field[] {
  const out: Field[] = [];
  for (const f of form.fields) {
    if ((f.kind === "checkbox" || f.kind === "radio") && !f.checked) continue;
    if (f.kind === "file") out.push([f.name, { filename: "", type: "application/octet-stream", bytes: new Uint8Array(0) }]);
    else out.push([f.name, f.value]);
  }
  if (button) out.push([button.name, button.value]);
  return out;
}

/** A form's shape: its field names and its button values, so forms repeated per row count once. */
export function shapeOf(form: PostForm): string {
  const hiddenIntent = form.fields.find((f) => f.name === "intent" && f.kind === "hidden")?.value ?? "";
  return `${hiddenIntent}|${form.fields.map((f) => `${f.name}:${f.kind}`).join(",")}|${form.buttons.map((b) => `${b.name}=${b.value}`).join(",")}`;
}

const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);

/** The inner HTML of every element whose start tag matches `startTag`. */
export function elements(html: string, startTag: RegExp): string[] {
  const out: string[] = [];
  const tags = /<(\/?)([a-zA-Z][\w-]*)([^>]*?)(\/?)>/g;
  for (const m of html.matchAll(tags)) {
    if (m[1] || !startTag.test(m[0])) continue;
    const name = m[2]!.toLowerCase();
    if (VOID.has(name) || m[4]) continue;
    let depth = 1;
    const scan = new RegExp(tags.source, "g");
    scan.lastIndex = m.index + m[0].length;
    let end = html.length;
    for (let n = scan.exec(html); n; n = scan.exec(html)) {
      const nName = n[2]!.toLowerCase();
      if (nName !== name || VOID.has(nName) || n[4]) continue;
      depth += n[1] ? -1 : 1;
      if (depth === 0) {
        end = n.index;
        break;
      }
    }
    out.push(html.slice(m.index + m[0].length, end));
  }
  return out;
}

/** The visible text of an HTML fragment, whitespace collapsed (no-break spaces too). */
export function textOf(fragment: string): string {
  return decodeEntities(fragment.replace(/<script\b[\s\S]*?<\/script>/gi, " ").replace(/<[^>]*>/g, " "))
    .replace(/[\s\u00a0\u202f]+/g, " ")
    .trim();
}
