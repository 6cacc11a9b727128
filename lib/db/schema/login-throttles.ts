import { integer, pgTable, timestamp, varchar } from "drizzle-orm/pg-core";

// Failed sign-ins per client address in a sliding window: the cap that keeps one address from guessing at scale.
export const loginThrottles = pgTable("login_throttles", {
  key: varchar("key", { length: 128 }).primaryKey(),
  failures: integer("failures").notNull().default(0),
  windowStartedAt: timestamp("window_started_at", { withTimezone: true }).notNull().defaultNow(),
});
