import { FormDataParseError, MaxFileSizeExceededError, MaxTotalSizeExceededError, MultipartParseError, parseFormData, type FileUpload } from "@remix-run/form-data-parser";
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

/**
 * Reads the proposal form, streaming the deck to storage. The deck is checked
 * by its first bytes (a renamed executable is refused) and its size (10 MB).
 */
export async function readProposalForm(request: Request, proposal: Proposal): Promise<ParsedUpload> {
  let deck: { key: string; name: string; size: number } | null = null;
  const upload = async (file: FileUpload) => {
    if (file.fieldName !== "deck" || file.size === 0) return undefined;
    // Only the first bytes are read here; the parser's buffer goes to disk without another copy
    // (a deadline rush of 2 MB decks otherwise spends its time collecting garbage).
    if (!looksLikePdf(new Uint8Array(await file.slice(0, 8).arrayBuffer()))) throw new NotPdfError();
    const key = `decks/${proposal.id}/${randomId()}.pdf`;
    await deckStorage().set(key, file);
    deck = { key, name: cleanFileName(file.name), size: file.size };
    return key;
  };
  try {
    const formData = await parseFormData(request, { maxFileSize: MAX_DECK_BYTES, maxFiles: 1, maxTotalSize: MAX_DECK_BYTES + 2 * 1024 * 1024 }, upload);
    return { ok: true, formData, deck };
  } catch (error) {
    if (error instanceof MaxFileSizeExceededError) return { ok: false, error: "errors.deck.tooLarge" };
    if (error instanceof NotPdfError) return { ok: false, error: "errors.deck.notPdf" };
    if (error instanceof MaxTotalSizeExceededError) return { ok: false, error: "errors.form.tooLarge" };
    if (error instanceof MultipartParseError || error instanceof FormDataParseError || error instanceof TypeError) return { ok: false, error: "errors.form.unreadable" };
    throw error;
  }
}

export async function discardUpload(key: string | null | undefined): Promise<void> {
  if (key) await deckStorage().remove(key);
}

function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "deck.pdf";
  const safe = base.replace(/[^\p{L}\p{N}._ -]/gu, "_").slice(0, 120);
  return safe || "deck.pdf";
}
