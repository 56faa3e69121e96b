import type { DB } from "../../db/client.ts";
import type { User } from "../../db/schema.ts";
import { membershipsOf } from "../../db/repositories/memberships.ts";

export interface NavItem {
  to: string;
  /** a key under nav.* */
  label: string;
}

/** The navigation of each role; a user holding several roles sees each section once. */
export async function navFor(db: DB, user: User): Promise<NavItem[]> {
  const memberships = await membershipsOf(db, user.id);
  const isCoordinator = memberships.some((m) => m.role === "coordinator");
  const isReviewer = memberships.some((m) => m.role === "reviewer");
  const items: NavItem[] = [];
  if (user.is_admin) items.push({ to: "/admin", label: "nav.admin" });
  if (isCoordinator) items.push({ to: "/coordinate", label: "nav.coordinate" });
  if (user.is_admin || isCoordinator) items.push({ to: "/outbox", label: "nav.outbox" });
  if (isReviewer) items.push({ to: "/review", label: "nav.review" });
  if (!user.is_admin && !isCoordinator && !isReviewer) items.push({ to: "/applicant", label: "nav.applicant" });
  items.push({ to: "/settings", label: "nav.settings" });
  return items;
}
