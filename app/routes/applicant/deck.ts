import type { Route } from "./+types/deck";
import { notFound, requireUser } from "../../lib/auth.server.ts";
import { getRuntime } from "../../lib/runtime.server.ts";
import { deckStorage } from "../../lib/uploads.server.ts";
import { proposalOfMember } from "../../services/proposals.server.ts";

/** The team's own deck, as an attachment with its own content type; other teams get 404. */
export async function loader({ context, url, params }: Route.LoaderArgs) {
  const user = requireUser(context, url);
  const proposal = await proposalOfMember(getRuntime().db, params.proposalId, user.id);
  if (!proposal?.deck_key) notFound();
  const file = await deckStorage().get(proposal.deck_key);
  if (!file) notFound();
  const name = proposal.deck_name ?? "deck.pdf";
  return new Response(file.stream(), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="deck.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
