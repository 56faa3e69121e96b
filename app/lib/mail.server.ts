import nodemailer from "nodemailer";
import type { DB } from "../../db/client.ts";
import { randomId } from "./ids.ts";
import { translatorFor } from "./i18n.server.ts";
import { normaliseLocale } from "./locales.ts";

/** Every template has `mail.<template>.subject` and `mail.<template>.body` in each catalogue. */
export type MailTemplate =
  | "password-reset"
  | "invitation-coordinator"
  | "invitation-reviewer"
  | "invitation-team"
  | "welcome"
  | "workflow-notice";

export interface MailRequest {
  to: string;
  toUserId?: string | null;
  locale: string | null | undefined;
  template: MailTemplate | (string & {});
  params?: Record<string, string | number>;
  programId?: string | null;
  cityId?: string | null;
  /** Held back until a coordinator publishes (selection results); previewable in the outbox. */
  held?: boolean;
}

export interface MailTransport {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
}

export function smtpTransport(url: string, from: string): MailTransport {
  // One send must end well within the mailer lease (30 s), or another instance may send the same message;
  // nodemailer's own defaults wait minutes. Settings in the URL's query still win.
  const transporter = nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 15_000 });
  return {
    async send(message) {
      await transporter.sendMail({ from, ...message });
    },
  };
}

export function renderMail(template: string, locale: string, params: Record<string, string | number> = {}) {
  const t = translatorFor(locale);
  return {
    subject: t(`mail.${template}.subject`, { ...params, interpolation: { escapeValue: false } }),
    text: t(`mail.${template}.body`, { ...params, interpolation: { escapeValue: false } }),
  };
}

/**
 * Records the message in the outbox, rendered in the recipient's language.
 * Call it inside the transaction that makes the change it reports, so a
 * message exists exactly when its change does. Delivery happens later.
 */
export async function enqueueMail(db: DB, request: MailRequest, now: Date, willDeliver: boolean): Promise<string> {
  const locale = normaliseLocale(request.locale);
  const { subject, text } = renderMail(request.template, locale, request.params);
  const id = randomId();
  await db
    .insertInto("outbox")
    .values({
      id,
      to_email: request.to,
      to_user_id: request.toUserId ?? null,
      locale,
      template: request.template,
      subject,
      body_text: text,
      program_id: request.programId ?? null,
      city_id: request.cityId ?? null,
      status: request.held ? "held" : willDeliver ? "queued" : "logged",
      attempts: 0,
      last_error: null,
      created_at: now.toISOString(),
      sent_at: null,
    })
    .execute();
  return id;
}

/**
 * Sends what is queued; a failure is kept with its error and retried up to 5 times.
 * Nothing claims a message, so two senders at once would both send it: the
 * caller runs this under the "mailer" lease (server/background.ts) and
 * `stillHolding` renews it before each message; once the lease is lost the
 * batch stops. The final updates only touch a message still queued, so a
 * sender that lost the race never turns a sent message back into a queued one.
 */
export async function deliverQueued(db: DB, transport: MailTransport, now: () => Date, batch = 20, stillHolding: () => Promise<boolean> = async () => true): Promise<number> {
  const queued = await db
    .selectFrom("outbox")
    .selectAll()
    .where("status", "=", "queued")
    .where("attempts", "<", 5)
    .orderBy("created_at")
    .limit(batch)
    .execute();
  let sent = 0;
  for (const message of queued) {
    if (!(await stillHolding())) break;
    try {
      await transport.send({ to: message.to_email, subject: message.subject, text: message.body_text });
      await db.updateTable("outbox").set({ status: "sent", sent_at: now().toISOString(), attempts: message.attempts + 1 }).where("id", "=", message.id).where("status", "=", "queued").execute();
      sent++;
    } catch (error) {
      const attempts = message.attempts + 1;
      await db
        .updateTable("outbox")
        .set({ attempts, last_error: String(error).slice(0, 500), status: attempts >= 5 ? "failed" : "queued" })
        .where("id", "=", message.id)
        .where("status", "=", "queued")
        .execute();
    }
  }
  return sent;
}

/** Releases a programme's held messages (the results), as they would have gone out. */
export async function releaseHeld(db: DB, programId: string, now: Date, willDeliver: boolean): Promise<number> {
  const result = await db
    .updateTable("outbox")
    .set({ status: willDeliver ? "queued" : "logged", created_at: now.toISOString() })
    .where("program_id", "=", programId)
    .where("status", "=", "held")
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
