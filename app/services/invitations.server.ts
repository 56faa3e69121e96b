import type { DB } from "../../db/client.ts";
import type { MembershipRole, User } from "../../db/schema.ts";
import { findProgramById } from "../../db/repositories/programs.ts";
import { findUserByEmail, insertUser, normaliseEmail } from "../../db/repositories/users.ts";
import { randomId } from "../lib/ids.ts";
import { localized, normaliseLocale, type Locale } from "../lib/locales.ts";
import { enqueueMail } from "../lib/mail.server.ts";
import { hashPassword } from "../lib/passwords.server.ts";
import { createSession } from "../lib/sessions.server.ts";
import { issueToken, secretMatches, splitToken } from "../lib/tokens.server.ts";
import type { ServiceEnv } from "./env.ts";

const INVITATION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

export type InvitationKind = MembershipRole | "team-member";

export interface InviteInput {
  email: string;
  kind: InvitationKind;
  programId: string | null;
  cityId: string | null;
  teamId: string | null;
  locale: Locale;
}

/** Records the invitation and its e-mail in one transaction. The caller has checked who may invite. */
export async function invite(env: ServiceEnv, inviter: User, input: InviteInput): Promise<string> {
  const issued = issueToken();
  const email = normaliseEmail(input.email);
  const program = input.programId ? await findProgramById(env.db, input.programId) : undefined;
  const cityName = program ? localized((program.cityA.id === input.cityId ? program.cityA : program.cityB).names, input.locale) : "";
  await env.db.transaction().execute(async (trx) => {
    await trx
      .insertInto("invitations")
      .values({
        id: issued.id,
        token_hash: issued.secretHash,
        email,
        kind: input.kind,
        program_id: input.programId,
        city_id: input.cityId,
        team_id: input.teamId,
        invited_by: inviter.id,
        locale: input.locale,
        created_at: env.now.getTime(),
        expires_at: env.now.getTime() + INVITATION_TTL_MS,
        accepted_at: null,
      })
      .execute();
    const existing = await findUserByEmail(trx, email);
    await enqueueMail(
      trx,
      {
        to: email,
        toUserId: existing?.id ?? null,
        locale: existing?.locale ?? input.locale,
        template: `invitation-${input.kind}`,
        params: {
          inviter: inviter.name,
          program: program ? localized(program.titles, existing?.locale ?? input.locale) : "",
          city: cityName,
          url: `${env.baseUrl}/invitations/${issued.token}`,
        },
        programId: input.programId,
        cityId: input.cityId,
      },
      env.now,
      env.delivers,
    );
  });
  return issued.id;
}

export async function findInvitation(db: DB, token: string, now: Date) {
  const parts = splitToken(token);
  if (!parts) return null;
  const row = await db.selectFrom("invitations").selectAll().where("id", "=", parts.id).executeTakeFirst();
  if (!row || !secretMatches(parts.secret, row.token_hash)) return null;
  if (row.accepted_at !== null || row.expires_at <= now.getTime()) return { ...row, usable: false as const };
  return { ...row, usable: true as const };
}

export type AcceptResult =
  | { ok: true; session?: { token: string; expiresAt: number } }
  | { ok: false; reason: "invalid" | "wrong-account" | "needs-sign-in" | "needs-account" };

/**
 * Accepting grants the role. A signed-in user must hold the invited address;
 * a newcomer creates the account in the same step.
 */
export async function acceptInvitation(
  env: ServiceEnv,
  token: string,
  actor: User | null,
  newAccount: { name: string; password: string; timeZone: string } | null,
): Promise<AcceptResult> {
  const invitation = await findInvitation(env.db, token, env.now);
  if (!invitation || !invitation.usable) return { ok: false, reason: "invalid" };
  const existing = await findUserByEmail(env.db, invitation.email);
  if (actor && actor.email !== invitation.email) return { ok: false, reason: "wrong-account" };
  if (!actor && existing) return { ok: false, reason: "needs-sign-in" };
  if (!actor && !newAccount) return { ok: false, reason: "needs-account" };
  const passwordHash = newAccount ? await hashPassword(newAccount.password) : null;
  const userId = actor?.id ?? randomId();
  const accepted = await env.db.transaction().execute(async (trx) => {
    const claimed = await trx.updateTable("invitations").set({ accepted_at: env.now.getTime() }).where("id", "=", invitation.id).where("accepted_at", "is", null).executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return false;
    if (!actor && newAccount) {
      await insertUser(trx, {
        id: userId,
        email: invitation.email,
        name: newAccount.name,
        password_hash: passwordHash,
        locale: normaliseLocale(invitation.locale),
        time_zone: newAccount.timeZone,
        is_admin: 0,
        created_at: env.now.toISOString(),
      });
    }
    if (invitation.kind === "team-member" && invitation.team_id) {
      await trx
        .insertInto("team_members")
        .values({ team_id: invitation.team_id, user_id: userId, role: "member", created_at: env.now.toISOString() })
        .onConflict((oc) => oc.columns(["team_id", "user_id"]).doNothing())
        .execute();
    } else if (invitation.program_id && invitation.city_id) {
      await trx
        .insertInto("memberships")
        .values({ id: randomId(), user_id: userId, program_id: invitation.program_id, city_id: invitation.city_id, role: invitation.kind, created_at: env.now.toISOString() })
        .onConflict((oc) => oc.columns(["user_id", "program_id", "city_id", "role"]).doNothing())
        .execute();
    }
    return true;
  });
  if (!accepted) return { ok: false, reason: "invalid" };
  if (actor) return { ok: true };
  return { ok: true, session: await createSession(env.db, userId, env.now) };
}
