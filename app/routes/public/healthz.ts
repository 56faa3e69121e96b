import { sql } from "kysely";
import { getRuntime } from "../../lib/runtime.server.ts";

/** For load balancers: 200 when the database answers, 503 when it does not. */
export async function loader() {
  try {
    await sql`select 1`.execute(getRuntime().db);
    return Response.json({ status: "ok", db: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json({ status: "degraded", db: "unreachable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
