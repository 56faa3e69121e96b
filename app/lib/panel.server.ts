import type { RouterContextProvider } from "react-router";
import type { User } from "../../db/schema.ts";
import { loadPanel, type Panel } from "../services/panels.server.ts";
import { forbidden, notFound, requireUser } from "./auth.server.ts";
import { getRuntime } from "./runtime.server.ts";

/** The signed-in member of a panel (reviewer, coordinator or admin); 404 for an unknown edition, 403 for everyone else. */
export async function requirePanel(context: Readonly<RouterContextProvider>, url: URL, slug: string): Promise<{ user: User; panel: Panel }> {
  const user = requireUser(context, url);
  const panel = await loadPanel(getRuntime().db, user, slug, url.searchParams.get("city"));
  if (panel === null) notFound();
  if (panel === "forbidden") forbidden();
  return { user, panel };
}

export async function requirePanelCoordinator(context: Readonly<RouterContextProvider>, url: URL, slug: string) {
  const found = await requirePanel(context, url, slug);
  if (!found.panel.isCoordinator) forbidden();
  return found;
}

/** The coordinator, or the reviewer named chair: who may lock the shortlist and the picks. */
export async function requirePanelChair(context: Readonly<RouterContextProvider>, url: URL, slug: string) {
  const found = await requirePanel(context, url, slug);
  if (!found.panel.isChair) forbidden();
  return found;
}
