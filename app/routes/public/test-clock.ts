import type { AdjustableClock } from "../../lib/clock.ts";
import { getRuntime } from "../../lib/runtime.server.ts";
import type { Route } from "./+types/test-clock";

/** Moves the server clock in the e2e suite. Answers 404 unless PASSERELLE_TEST_HOOKS=1. */
export async function action({ request }: Route.ActionArgs) {
  const { clock, config } = getRuntime();
  // Duck-typed: the server entry and the route bundle each have their own copy of the class.
  const adjustable = clock as Partial<AdjustableClock>;
  if (!config.testHooks || typeof adjustable.setNow !== "function") return new Response("Not found", { status: 404 });
  const body = (await request.json().catch(() => null)) as { at?: unknown; reset?: unknown } | null;
  if (body?.reset) adjustable.offsetMs = 0;
  else if (typeof body?.at === "string" && !Number.isNaN(Date.parse(body.at))) adjustable.setNow(new Date(body.at));
  else return new Response("Bad request", { status: 400 });
  return Response.json({ now: clock.now().toISOString() });
}

export function loader() {
  const { clock, config } = getRuntime();
  if (!config.testHooks) return new Response("Not found", { status: 404 });
  return Response.json({ now: clock.now().toISOString() });
}
