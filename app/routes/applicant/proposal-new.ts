import { redirect } from "react-router";
import { readFormOrRefuse, refusalInWords } from "../../lib/respond.server.ts";
import type { Route } from "./+types/proposal-new";
import { requireUser } from "../../lib/auth.server.ts";
import { serviceEnv } from "../../lib/runtime.server.ts";
import { startProposal } from "../../services/proposals.server.ts";

/** Nothing to show here: a signed-in person goes to their proposals, anyone else to sign-in. */
export function loader({ context, url }: Route.LoaderArgs) {
  requireUser(context, url);
  return redirect("/applicant");
}

/** Starts (or reopens) the team's proposal for an edition, then goes to its form. */
export async function action({ request, context, url }: Route.ActionArgs) {
  const user = requireUser(context, url);
  const form = await readFormOrRefuse(request, context);
  const programSlug = String(form.get("program") ?? "").slice(0, 200);
  const teamId = String(form.get("team") ?? "").slice(0, 64);
  const result = await startProposal(serviceEnv(), user, { programSlug, teamId });
  if (!result.ok) {
    if (result.error.code === "not-allowed" || result.error.code === "no-call") throw refusalInWords(context, 404);
    throw refusalInWords(context, 400);
  }
  throw redirect(`/applicant/proposals/${result.value}/edit`);
}
