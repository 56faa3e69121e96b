import { FormDataParseError, MaxFileSizeExceededError, MaxTotalSizeExceededError, MultipartParseError, parseFormData } from "@remix-run/form-data-parser";
import { isMultipartRequest, parseMultipartRequest } from "@remix-run/multipart-parser";
import { z } from "zod";
import type { Proposal } from "../../db/schema.ts";
import { randomId } from "../lib/ids.ts";
import { deckStorage, looksLikePdf, MAX_DECK_BYTES } from "../lib/uploads.server.ts";
import { CONTENT_FIELDS, TEXT_LIMITS, type ProposalContent } from "./proposals.server.ts";

const SHORT_FIELDS = new Set(["summaryEn", "summaryHome", "preferredDates"]);

const text = (max: number) => z.string().max(max, "errors.field.tooLong").optional().transform((v) => (v ?? "").replace(/\r\n/g, "\n").trim());

/** Drafts may be incomplete: only lengths are checked here; completeness is checked on submit. */
export const proposalSchema = z.object({
  intent: z.enum(["save", "autosave", "submit", "remove-deck"], { error: "errors.field.invalid" }),
  version: z.coerce.number().int().min(0).optional(),
  title: text(TEXT_LIMITS.title),
  topicId: z.string().max(64).optional().transform((v) => v || null),
  ...Object.fromEntries(CONTENT_FIELDS.map((f) => [f, text(SHORT_FIELDS.has(f) ? TEXT_LIMITS.short : TEXT_LIMITS.long)])),
});

export type ProposalForm = { intent: "save" | "autosave" | "submit" | "remove-deck"; version?: number; title: string; topicId: string | null } & ProposalContent;

class NotPdfError extends Error {}

export type ParsedUpload =
  | { ok: true; formData: FormData; deck: { key: string; name: string; size: number } | null }
  | { ok: false; error: "errors.deck.tooLarge" | "errors.deck.notPdf" | "errors.form.tooLarge" | "errors.form.unreadable" };

/** Form text beyond the deck: the longest proposal is ~40 KB; 2 MB leaves room for any script. */
const MAX_TOTAL_BYTES = MAX_DECK_BYTES + 2 * 1024 * 1024;

/**
 * Reads the proposal form and stores the deck. The deck is checked by its
 * first bytes (a renamed executable is refused) and its size (10 MB), then
 * written from the parser's own chunks: in a deadline rush of 2 MB decks,
 * every extra copy is garbage the server spends its time collecting.
 */
export async function readProposalForm(request: Request, proposal: Proposal): Promise<ParsedUpload> {
  // Typed by assertion: TypeScript would otherwise take it as always null here, as only the loop below sets it.
  let deck = null as { key: string; name: string; size: number } | null;
  try {
    // A form sent without a file (urlencoded) is read as any other form, with the same limits.
    if (!isMultipartRequest(request)) return { ok: true, formData: await parseFormData(request, { maxFiles: 0, maxTotalSize: MAX_TOTAL_BYTES }), deck };
    const formData = new FormData();
    let files = 0;
    for await (const part of parseMultipartRequest(request, { maxFileSize: MAX_DECK_BYTES, maxTotalSize: MAX_TOTAL_BYTES, maxParts: 100 })) {
      if (!part.name) continue;
      if (!part.isFile) {
        formData.append(part.name, part.text);
        continue;
      }
      if (++files > 1) throw new TooManyFilesError();
      if (part.name !== "deck" || part.size === 0) continue;
      if (!looksLikePdf(firstBytes(part.content, 8))) throw new NotPdfError();
      const key = `decks/${proposal.id}/${randomId()}.pdf`;
      await deckStorage().set(key, part.content);
      deck = { key, name: cleanFileName(part.filename ?? "deck.pdf"), size: part.size };
    }
    return { ok: true, formData, deck };
  } catch (error) {
    // The deck may be stored already when a later part is refused (a second file, too much text): nothing names it.
    if (deck) await discardUpload(deck.key);
    if (error instanceof MaxFileSizeExceededError) return { ok: false, error: "errors.deck.tooLarge" };
    if (error instanceof NotPdfError) return { ok: false, error: "errors.deck.notPdf" };
    if (error instanceof MaxTotalSizeExceededError) return { ok: false, error: "errors.form.tooLarge" };
    if (error instanceof MultipartParseError || error instanceof FormDataParseError || error instanceof TooManyFilesError || error instanceof TypeError)
      return { ok: false, error: "errors.form.unreadable" };
    throw error;
  }
}

class TooManyFilesError extends Error {}

function firstBytes(chunks: readonly Uint8Array[], count: number): Uint8Array {
  const bytes: number[] = [];
  for (const chunk of chunks) {
    for (const byte of chunk.subarray(0, count - bytes.length)) bytes.push(byte);
    if (bytes.length >= count) break;
  }
  return Uint8Array.from(bytes);
}

export async function discardUpload(key: string | null | undefined): Promise<void> {
  if (key) await deckStorage().remove(key);
}

function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "deck.pdf";
  const safe = base.replace(/[^\p{L}\p{N}._ -]/gu, "_").slice(0, 120);
  return safe || "deck.pdf";
}
