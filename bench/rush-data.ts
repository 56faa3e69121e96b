import type { DB } from "../db/client.ts";
import { findInstanceBySubject } from "../db/repositories/workflows.ts";
import { randomId } from "../app/lib/ids.ts";
import { SESSION_TTL_MS, SESSION_COOKIE } from "../app/lib/sessions.server.ts";
import { issueToken } from "../app/lib/tokens.server.ts";
import { startApplicationWorkflow } from "../app/services/workflows.server.ts";
import { APPLICATION_MACHINE_ID } from "../workflows/application.machine.ts";
import { seedScenario } from "../seeds/seed.ts";

/** One signed-in applicant with a draft proposal, ready to submit it. */
export interface RushApplicant {
  cookie: string;
  proposalId: string;
  /** The application workflow version the form would carry. */
  version: number;
  topicId: string;
}

const CHUNK = 200;

/**
 * An edition whose call is open for another hour, and `count` applicants of
 * its home city, each signed in (a session row, as signing in leaves) with a
 * team and an empty draft started the way the app starts one. Inserted in
 * bulk: password hashing for thousands of accounts would dominate the run.
 */
export async function seedRushApplicants(db: DB, now: Date, count: number): Promise<{ slug: string; applicants: RushApplicant[] }> {
  const { programId, slug } = await seedScenario(db, "callOpen", now, { slug: "bench-rush", callClosesInMinutes: 60 });
  const program = await db.selectFrom("programs").select(["city_a_id"]).where("id", "=", programId).executeTakeFirstOrThrow();
  const topic = await db.selectFrom("topics").select("id").where("program_id", "=", programId).orderBy("position").executeTakeFirstOrThrow();
  const at = now.toISOString();
  const rows = Array.from({ length: count }, (_, i) => {
    const session = issueToken();
    return { i, userId: randomId(), teamId: randomId(), proposalId: randomId(), session };
  });
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto("users")
        .values(chunk.map((r) => ({ id: r.userId, email: `rush-${r.i}@bench.passerelle.test`, name: `Rush applicant ${r.i}`, password_hash: null, locale: "en", time_zone: null, is_admin: 0, created_at: at })))
        .execute();
      await trx
        .insertInto("sessions")
        .values(chunk.map((r) => ({ id: r.session.id, user_id: r.userId, secret_hash: r.session.secretHash, created_at: now.getTime(), expires_at: now.getTime() + SESSION_TTL_MS })))
        .execute();
      await trx
        .insertInto("teams")
        .values(chunk.map((r) => ({ id: r.teamId, name: `Rush team ${r.i}`, city_id: program.city_a_id, founding_year: 2020, website: null, sector: "bench", size: 3, created_by: r.userId, created_at: at })))
        .execute();
      await trx
        .insertInto("team_members")
        .values(chunk.map((r) => ({ team_id: r.teamId, user_id: r.userId, role: "owner", created_at: at })))
        .execute();
      await trx
        .insertInto("proposals")
        .values(
          chunk.map((r) => ({
            id: r.proposalId,
            program_id: programId,
            team_id: r.teamId,
            city_id: program.city_a_id,
            topic_id: null,
            title: "",
            content: "{}",
            deck_key: null,
            state: "draft",
            submitted_version: 0,
            submitted_at: null,
            created_at: at,
            updated_at: at,
          })),
        )
        .execute();
      for (const r of chunk) {
        await startApplicationWorkflow(trx, { programId, proposalId: r.proposalId, cityId: program.city_a_id, at, actor: { userId: r.userId, label: `rush-${r.i}` } });
      }
    });
  }
  const version = (await findInstanceBySubject(db, APPLICATION_MACHINE_ID, rows[0]!.proposalId))!.version;
  return {
    slug,
    applicants: rows.map((r) => ({ cookie: `${SESSION_COOKIE}=${r.session.token}`, proposalId: r.proposalId, version, topicId: topic.id })),
  };
}
