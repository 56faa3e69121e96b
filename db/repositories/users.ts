import type { DB } from "../client.ts";
import type { NewUser, User, UserUpdate } from "../schema.ts";

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function findUserByEmail(db: DB, email: string): Promise<User | undefined> {
  return db.selectFrom("users").selectAll().where("email", "=", normaliseEmail(email)).executeTakeFirst();
}

export function findUserById(db: DB, id: string): Promise<User | undefined> {
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function insertUser(db: DB, user: NewUser): Promise<void> {
  await db.insertInto("users").values({ ...user, email: normaliseEmail(user.email) }).execute();
}

export async function updateUser(db: DB, id: string, changes: UserUpdate): Promise<void> {
  await db.updateTable("users").set(changes).where("id", "=", id).execute();
}
