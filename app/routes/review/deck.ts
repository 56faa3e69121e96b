import type { Route } from "./+types/deck";
import { forbidden, notFound } from "../../lib/auth.server.ts";
import { requirePanel } from "../../lib/panel.server.ts";
import { getRuntime } from "../../lib/runtime.server.ts";
import { deckStorage } from "../../lib/uploads.server.ts";
import { mayReview } from "../../services/panels.server.ts";

/** A deck for a reviewer who may review the proposal now (assigned, no conflict), or the panel's coordinator. */
export async function loader({ context, url, params }: Route.LoaderArgs) {
  const { user, panel } = await requirePanel(context, url, params.slug);
  const { db } = getRuntime();
  if (!panel.proposalIds.includes(params.proposalId)) notFound();
  if (!panel.isCoordinator && !(await mayReview(db, panel, params.proposalId, user.id)).ok) forbidden();
  const proposal = await db.selectFrom("proposals").select(["deck_key", "deck_name"]).where("id", "=", params.proposalId).executeTakeFirst();
  if (!proposal?.deck_key) notFound();
  const file = await deckStorage().get(proposal.deck_key);
  if (!file) notFound();
  return new Response(file.stream(), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="deck.pdf"; filename*=UTF-8''${encodeURIComponent(proposal.deck_name ?? "deck.pdf")}`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
