import { pgTable, primaryKey, timestamp, uuid, varchar } from "drizzle-orm/pg-core";
import { integrations } from "./integrations";

/** Deliveries already accepted, by a digest of their signature: the same delivery again changes nothing. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    integrationId: uuid("integration_id")
      .notNull()
      .references(() => integrations.id, { onDelete: "cascade" }),
    digest: varchar("digest", { length: 64 }).notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.integrationId, t.digest] })],
);

/** Employees BambooHR said changed, waiting for a targeted sync (one row per employee, however many deliveries). */
export const pendingChanges = pgTable(
  "pending_changes",
  {
    integrationId: uuid("integration_id")
      .notNull()
      .references(() => integrations.id, { onDelete: "cascade" }),
    bamboohrId: varchar("bamboohr_id", { length: 64 }).notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.integrationId, t.bamboohrId] })],
);
