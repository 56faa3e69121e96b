import { redirect } from "react-router";
import type { Route } from "./+types/sign-out";
import { optionalUser } from "../../lib/auth.server.ts";
import { authContext } from "../../lib/context.ts";
import { redirectSignedOut } from "../../lib/respond.server.ts";
import { getRuntime } from "../../lib/runtime.server.ts";
import { invalidateSession, invalidateUserSessions } from "../../lib/sessions.server.ts";

export function loader() {
  return redirect("/");
}

/** `scope=everywhere` ends every session of the account (e.g. after a lost phone). */
export async function action({ request, context }: Route.ActionArgs) {
  const auth = context.get(authContext);
  const user = optionalUser(context);
  if (auth && user) {
    // A POST without a form body (no Content-Type) still signs out, rather than a 500.
    const form = await request.formData().catch(() => null);
    const { db } = getRuntime();
    if (form?.get("scope") === "everywhere") await invalidateUserSessions(db, user.id);
    else await invalidateSession(db, auth.sessionId);
  }
  return redirectSignedOut("/");
}
