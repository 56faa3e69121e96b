import type { RouterContextProvider } from "react-router";
import { findProgramBySlug, partnerCityId } from "../../db/repositories/programs.ts";
import { requireCoordinator } from "./access.server.ts";
import { forbidden, notFound, requireUser } from "./auth.server.ts";
import { getRuntime } from "./runtime.server.ts";

/**
 * The signed-in coordinator of one city of an edition (admins act for either):
 * 404 for an unknown edition, 403 for anyone else — and 403 when the page is
 * asked for the other city's side (`?city=`) by someone who cannot act for it.
 */
export async function requireCityCoordinator(context: Readonly<RouterContextProvider>, url: URL, slug: string) {
  const user = requireUser(context, url);
  const { db } = getRuntime();
  const program = await findProgramBySlug(db, slug);
  if (!program) notFound();
  const requested = url.searchParams.get("city");
  const cityId = await requireCoordinator(db, user, program, requested);
  if (requested && requested !== cityId) forbidden();
  const city = program.cityA.id === cityId ? program.cityA : program.cityB;
  return { user, program, cityId, city, partnerId: partnerCityId(program, cityId) };
}
