import { jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";
import { SYNC_STATUSES, syncRuns, userChanges, type SyncStatus } from "./sync-runs";

export const mailStatus = pgEnum("mail_status", ["queued", "sent", "failed"]);

/**
 * What a message tells: a run's outcome (one per run and outcome), that the integration entered the error state, or a
 * welcome to someone a sync activated (one per activation: its audit row).
 */
export const MAIL_KINDS = ["error_state", "welcome", ...SYNC_STATUSES.map((status) => `run_${status}` as const)] as [
  "error_state",
  "welcome",
  ...Array<`run_${SyncStatus}`>,
];
export type MailKind = (typeof MAIL_KINDS)[number];
export const mailKind = pgEnum("mail_kind", MAIL_KINDS);

// Every notification lands here first; with no SMTP configured (or SMTP down) it stays here, never lost.
// One message per run and kind, so a retried notify step re-sends the same message instead of a second one.
export const mailOutbox = pgTable(
  "mail_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    runId: uuid("run_id").references(() => syncRuns.id, { onDelete: "set null" }),
    /** A welcome's activation (the audit row of the create or reactivation): one message per activation. */
    userChangeId: uuid("user_change_id").references(() => userChanges.id, { onDelete: "set null" }),
    kind: mailKind("kind").notNull(),
    recipients: jsonb("recipients").$type<string[]>().notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    status: mailStatus("status").notNull().default("queued"),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("mail_outbox_run_kind_uq").on(t.runId, t.kind), uniqueIndex("mail_outbox_user_change_uq").on(t.userChangeId)],
);

export type OutboxMessage = typeof mailOutbox.$inferSelect;
