import { count, eq } from "drizzle-orm";
import { env } from "@/lib/env";
import type { Db } from "@/lib/db";
import { mailOutbox, type OutboxMessage } from "@/lib/db/schema";
import type { MailKind } from "@/lib/db/schema/mail";
import { log } from "@/lib/log/logger";
import { storable } from "@/lib/text";
import { mailError, sendMail } from "@/lib/mail/smtp";

export type Mail = { organizationId: string; runId: string | null; kind: MailKind; recipients: string[]; subject: string; text: string };

/**
 * Stores the message first (never lost), then sends it over SMTP when SMTP_URL is set. A failed send
 * is recorded and thrown, so the notify step retries; the retry finds the same stored message.
 */
export async function deliver(db: Db, mail: Mail): Promise<OutboxMessage> {
  const [stored] = await db
    .insert(mailOutbox)
    .values(mail)
    .onConflictDoUpdate({
      target: [mailOutbox.runId, mailOutbox.kind],
      set: { recipients: mail.recipients, subject: mail.subject, text: mail.text },
    })
    .returning();
  return send(db, stored);
}

/** A welcome, stored once per activation (its audit row): a second call finds it and only sends what is not sent yet. */
export async function deliverWelcome(db: Db, mail: Mail & { userChangeId: string }): Promise<OutboxMessage> {
  await db.insert(mailOutbox).values(mail).onConflictDoNothing({ target: mailOutbox.userChangeId });
  const [stored] = await db.select().from(mailOutbox).where(eq(mailOutbox.userChangeId, mail.userChangeId));
  return send(db, stored);
}

async function send(db: Db, stored: OutboxMessage): Promise<OutboxMessage> {
  if (stored.status === "sent") return stored;
  const smtpUrl = env().SMTP_URL;
  if (!smtpUrl) {
    log.warn("SMTP_URL not set: notification kept in the outbox", {
      outboxId: stored.id,
      subject: stored.subject,
      recipients: stored.recipients.length,
    });
    return stored;
  }
  try {
    await sendMail(smtpUrl, { to: stored.recipients, subject: stored.subject, text: stored.text });
    const [sent] = await db
      .update(mailOutbox)
      .set({ status: "sent", sentAt: new Date(), error: null })
      .where(eq(mailOutbox.id, stored.id))
      .returning();
    log.info("notification sent", { outboxId: stored.id, recipients: stored.recipients.length });
    return sent;
  } catch (error) {
    const message = mailError(error);
    await db
      .update(mailOutbox)
      .set({ status: "failed", error: storable(message) })
      .where(eq(mailOutbox.id, stored.id));
    log.error("notification failed, kept in the outbox", { outboxId: stored.id, error: message });
    throw new Error(`Sending the notification failed: ${message}`);
  }
}

/** How many notification e-mails wait in the outbox, and how many failed (for the metrics). */
export async function outboxCounts(db: Db): Promise<{ queued: number; failed: number }> {
  const rows = await db.select({ status: mailOutbox.status, n: count() }).from(mailOutbox).groupBy(mailOutbox.status);
  const of = (status: string) => rows.find((r) => r.status === status)?.n ?? 0;
  return { queued: of("queued"), failed: of("failed") };
}
