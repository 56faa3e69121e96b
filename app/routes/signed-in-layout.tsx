import { Outlet } from "react-router";
import type { Route } from "./+types/signed-in-layout";
import { requireUser } from "../lib/auth.server.ts";

// Server middleware only runs when a loader does: this loader is what makes
// every page below it require a session.
export function loader({ context, url }: Route.LoaderArgs) {
  requireUser(context, url);
  return null;
}

export default function SignedInLayout() {
  return <Outlet />;
}
