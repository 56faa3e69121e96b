import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client.ts";
import { migrateToLatest } from "../../db/migrate.ts";
import { findUserByEmail, findUserById, insertUser } from "../../db/repositories/users.ts";
import type { User } from "../../db/schema.ts";
import { openTestDatabase, type TestDatabase } from "../../db/test-support.ts";
import { randomId } from "../lib/ids.ts";
import { verifyPassword } from "../lib/passwords.server.ts";
import { validateSessionToken } from "../lib/sessions.server.ts";
import type { ServiceEnv } from "./env.ts";
import { acceptInvitation, findInvitation, invite, type InviteInput } from "./invitations.server.ts";

const DAY = 24 * 60 * 60 * 1000;
const T0 = new Date(Date.UTC(2030, 2, 1, 8, 0, 0));
const BASE_URL = "https://passerelle.test";
const at = (ms: number) => new Date(T0.getTime() + ms);

let opened: TestDatabase;
let db: DB;
let inviter: User;
let programId: string;

function env(now: Date = T0): ServiceEnv {
  return { db, now, baseUrl: BASE_URL, delivers: false };
}

async function seedUser(email: string, locale = "en"): Promise<User> {
  const id = randomId();
  await insertUser(db, { id, email, name: `User ${email.split("@")[0]}`, password_hash: null, locale, time_zone: "Europe/Paris", is_admin: 0, created_at: T0.toISOString() });
  return (await findUserById(db, id))!;
}

beforeAll(async () => {
  opened = await openTestDatabase("sqlite");
  db = opened.db;
  await migrateToLatest(db);
  const created = T0.toISOString();
  await db
    .insertInto("cities")
    .values([
      { id: "taichung", names: JSON.stringify({ en: "Taichung", fr: "Taichung", "zh-TW": "臺中" }), country: "TW", time_zone: "Asia/Taipei", default_locale: "zh-TW", created_at: created },
      { id: "toulouse", names: JSON.stringify({ en: "Toulouse", fr: "Toulouse", "zh-TW": "土魯斯" }), country: "FR", time_zone: "Europe/Paris", default_locale: "fr", created_at: created },
    ])
    .execute();
  programId = randomId();
  await db
    .insertInto("programs")
    .values({
      id: programId,
      slug: "tt-2030",
      titles: JSON.stringify({ en: "Green mobility exchange", fr: "Échange mobilité verte", "zh-TW": "綠色交通交流" }),
      edition_year: 2030,
      city_a_id: "taichung",
      city_b_id: "toulouse",
      previous_program_id: null,
      created_at: created,
    })
    .execute();
  inviter = await seedUser("coordinator@toulouse.test", "fr");
});

afterAll(async () => {
  await opened?.close();
});

let seq = 0;
const freshEmail = (label: string) => `${label}${++seq}@example.test`;

function reviewerInvite(email: string, overrides: Partial<InviteInput> = {}): InviteInput {
  return { email, kind: "reviewer", programId, cityId: "toulouse", teamId: null, locale: "fr", ...overrides };
}

/** Sends the invitation and returns the token read back from the mail, as the invitee would. */
async function inviteAndReadToken(input: InviteInput, now: Date = T0): Promise<{ id: string; token: string }> {
  const id = await invite(env(now), inviter, input);
  const mail = await db.selectFrom("outbox").selectAll().where("to_email", "=", input.email.trim().toLowerCase()).orderBy("created_at", "desc").executeTakeFirstOrThrow();
  const match = mail.body_text.match(new RegExp(`${BASE_URL}/invitations/([a-z2-7]{24}\\.[a-z2-7]{48})`));
  if (!match) throw new Error(`no invitation link in: ${mail.body_text}`);
  return { id, token: match[1]! };
}

function membershipsOf(userId: string) {
  return db.selectFrom("memberships").select(["program_id", "city_id", "role"]).where("user_id", "=", userId).execute();
}

describe("invite", () => {
  it("records the invitation and a French mail carrying the link", async () => {
    const email = freshEmail("reviewer");
    const id = await invite(env(), inviter, reviewerInvite(email.toUpperCase()));

    const row = await db.selectFrom("invitations").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ email, kind: "reviewer", program_id: programId, city_id: "toulouse", team_id: null, invited_by: inviter.id, locale: "fr", accepted_at: null });
    expect(row.expires_at - row.created_at).toBe(14 * DAY);

    const mails = await db.selectFrom("outbox").selectAll().where("to_email", "=", email).execute();
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail).toMatchObject({ template: "invitation-reviewer", locale: "fr", program_id: programId, city_id: "toulouse", to_user_id: null, status: "logged" });
    expect(mail.subject).toBe("Rejoignez le jury d’évaluation de Toulouse — Échange mobilité verte");
    expect(mail.body_text).toContain(inviter.name);
    expect(mail.body_text).toMatch(/«\s?Échange mobilité verte\s?»/u); // French quotes take no-break spaces
    const match = mail.body_text.match(/\/invitations\/([a-z2-7]{24})\.([a-z2-7]{48})/);
    expect(match).not.toBeNull();
    expect(match![1]).toBe(id);
    // Only a hash of the secret is stored.
    expect(row.token_hash).not.toContain(match![2]!);
  });
});

describe("acceptInvitation", () => {
  it("creates the account and the reviewer membership for a newcomer and signs them in; the link then stops working", async () => {
    const email = freshEmail("newcomer");
    const { token } = await inviteAndReadToken(reviewerInvite(email));

    const accepted = await acceptInvitation(env(at(DAY)), token, null, { name: "Léa Martin", password: "a strong password", timeZone: "Europe/Paris" });
    expect(accepted.ok).toBe(true);
    if (!accepted.ok) return;
    expect(accepted.session).toBeDefined();

    const user = (await findUserByEmail(db, email))!;
    expect(user).toMatchObject({ name: "Léa Martin", locale: "fr", time_zone: "Europe/Paris", is_admin: 0 });
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(user.password_hash!, "a strong password")).toBe(true);
    expect(await membershipsOf(user.id)).toEqual([{ program_id: programId, city_id: "toulouse", role: "reviewer" }]);
    expect((await validateSessionToken(db, accepted.session!.token, at(DAY)))?.user.id).toBe(user.id);

    const invitation = await findInvitation(db, token, at(DAY));
    expect(invitation?.usable).toBe(false);
    expect(await acceptInvitation(env(at(DAY)), token, null, { name: "Again", password: "another password", timeZone: "UTC" })).toEqual({ ok: false, reason: "invalid" });
    expect(await acceptInvitation(env(at(DAY)), token, user, null)).toEqual({ ok: false, reason: "invalid" });
    expect(await db.selectFrom("users").select("id").where("email", "=", email).execute()).toHaveLength(1);
    expect(await membershipsOf(user.id)).toHaveLength(1);
  });

  it("refuses a signed-in user holding another address", async () => {
    const { token } = await inviteAndReadToken(reviewerInvite(freshEmail("invitee")));
    const someoneElse = await seedUser(freshEmail("other"));
    expect(await acceptInvitation(env(), token, someoneElse, null)).toEqual({ ok: false, reason: "wrong-account" });
    expect(await membershipsOf(someoneElse.id)).toEqual([]);
    expect((await findInvitation(db, token, T0))?.usable).toBe(true); // still open for the right person
  });

  it("asks an existing account to sign in first, then grants the role without a new session", async () => {
    const existing = await seedUser(freshEmail("existing"), "zh-TW");
    const { token } = await inviteAndReadToken(reviewerInvite(existing.email.toUpperCase()));

    // The mail follows the existing account's language, not the inviter's choice.
    const mail = await db.selectFrom("outbox").selectAll().where("to_email", "=", existing.email).executeTakeFirstOrThrow();
    expect(mail).toMatchObject({ locale: "zh-TW", to_user_id: existing.id });

    expect(await acceptInvitation(env(), token, null, { name: "Squatter", password: "squatter password", timeZone: "UTC" })).toEqual({ ok: false, reason: "needs-sign-in" });
    expect((await findUserById(db, existing.id))!.password_hash).toBeNull();

    expect(await acceptInvitation(env(), token, existing, null)).toEqual({ ok: true });
    expect(await membershipsOf(existing.id)).toEqual([{ program_id: programId, city_id: "toulouse", role: "reviewer" }]);
  });

  it("asks a newcomer without account details to create an account", async () => {
    const { token } = await inviteAndReadToken(reviewerInvite(freshEmail("undecided")));
    expect(await acceptInvitation(env(), token, null, null)).toEqual({ ok: false, reason: "needs-account" });
    expect((await findInvitation(db, token, T0))?.usable).toBe(true);
  });

  it("refuses an invitation after 14 days", async () => {
    const email = freshEmail("late");
    const { token } = await inviteAndReadToken(reviewerInvite(email));
    expect(await acceptInvitation(env(at(15 * DAY)), token, null, { name: "Late", password: "late password", timeZone: "UTC" })).toEqual({ ok: false, reason: "invalid" });
    expect(await findUserByEmail(db, email)).toBeUndefined();
  });

  it("refuses a tampered token", async () => {
    const { token } = await inviteAndReadToken(reviewerInvite(freshEmail("tampered")));
    const [id, secret] = token.split(".") as [string, string];
    const forged = `${id}.${secret.slice(0, -1)}${secret.endsWith("a") ? "b" : "a"}`;
    expect(await acceptInvitation(env(), forged, null, { name: "Forger", password: "forger password", timeZone: "UTC" })).toEqual({ ok: false, reason: "invalid" });
  });

  it("grants a coordinator membership for a coordinator invitation", async () => {
    const email = freshEmail("coordinator");
    const { token } = await inviteAndReadToken(reviewerInvite(email, { kind: "coordinator", cityId: "taichung", locale: "zh-TW" }));
    const mail = await db.selectFrom("outbox").selectAll().where("to_email", "=", email).executeTakeFirstOrThrow();
    expect(mail).toMatchObject({ template: "invitation-coordinator", locale: "zh-TW" });
    expect(mail.subject).toBe("邀請您擔任「綠色交通交流」臺中協調人");

    const accepted = await acceptInvitation(env(), token, null, { name: "陳怡君", password: "coordinator password", timeZone: "Asia/Taipei" });
    expect(accepted.ok).toBe(true);
    const user = (await findUserByEmail(db, email))!;
    expect(user.locale).toBe("zh-TW");
    expect(await membershipsOf(user.id)).toEqual([{ program_id: programId, city_id: "taichung", role: "coordinator" }]);
  });
});
