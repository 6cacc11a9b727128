import { pgTable, text, timestamp, uuid, varchar } from "drizzle-orm/pg-core";

export const DEFAULT_TIME_ZONE = "America/Los_Angeles";

export const organizations = pgTable("organizations", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique(),
  /** "Today" for the sync's date rules (terminations, start dates) is the date in this IANA zone. */
  timeZone: varchar("time_zone", { length: 64 }).notNull().default(DEFAULT_TIME_ZONE),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export type Organization = typeof organizations.$inferSelect;
