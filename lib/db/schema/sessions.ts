import { index, pgTable, timestamp, uuid, varchar } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";
import { timeOrderedId } from "./time-ordered-id";
import { users } from "./users";

/**
 * A signed-in browser. The session cookie carries a random token; only its SHA-256 is stored here, so a copy of this
 * table opens nothing. Every request checks its row: deleting it (sign-out, deactivation, an admin ending it) ends
 * the session at once.
 */
export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey().default(timeOrderedId),
    tokenHash: varchar("token_hash", { length: 64 }).notNull().unique(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** The browser, as it names itself (shown to admins to tell sessions apart). */
    device: varchar("device", { length: 300 }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    /** The absolute end, whatever the activity. */
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/**
 * A browser where the user signed in before (the `roster_device` cookie): the account lock after wrong passwords does
 * not hold it back. Stored like a session, so a deactivation or an admin revokes it the same way.
 */
export const knownDevices = pgTable(
  "known_devices",
  {
    tokenHash: varchar("token_hash", { length: 64 }).primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("known_devices_user_idx").on(t.userId)],
);
