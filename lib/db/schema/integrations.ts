import { integer, jsonb, pgEnum, pgTable, text, timestamp, boolean, uniqueIndex, uuid, varchar } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";

export const connectionState = pgEnum("connection_state", ["connected", "error"]);

export const integrations = pgTable(
  "integrations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    provider: varchar("provider", { length: 32 }).notNull().default("bamboohr"),
    subdomain: varchar("subdomain", { length: 63 }).notNull(),
    // AES-256-GCM sealed key ("v1:<keyId>:<iv>:<tag>:<data>"); the last 4 characters are kept apart for display.
    apiKeySealed: text("api_key_sealed").notNull(),
    apiKeyLast4: varchar("api_key_last4", { length: 4 }).notNull(),
    activationBlocklist: jsonb("activation_blocklist").$type<string[]>().notNull().default([]),
    notificationEmails: jsonb("notification_emails").$type<string[]>().notNull().default([]),
    safeguardPercent: integer("safeguard_percent").notNull().default(20),
    enabled: boolean("enabled").notNull().default(true),
    state: connectionState("state").notNull().default("connected"),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    lastError: text("last_error"),
    lastErrorAt: timestamp("last_error_at", { withTimezone: true }),
    lastConnectedAt: timestamp("last_connected_at", { withTimezone: true }),
    missingFields: jsonb("missing_fields").$type<string[]>().notNull().default([]),
    /** Which BambooHR API the last full read used: the Datasets API, or custom reports (its fallback). */
    employeeSource: varchar("employee_source", { length: 16 }).$type<"datasets" | "reports">(),
    /** Future hires within this many days get an inactive account before their start date (0: off). */
    prestartDays: integer("prestart_days").notNull().default(0),
    /** Instant updates: the admin turned BambooHR's webhook on. */
    instantUpdates: boolean("instant_updates").notNull().default(false),
    /** How the webhook was made: by Roster through the API, or by the admin by hand (the key lacked permission). */
    webhookSetup: varchar("webhook_setup", { length: 16 }).$type<"api" | "manual">(),
    webhookId: varchar("webhook_id", { length: 64 }),
    // The webhook's private key, sealed like the API key (bound to this row); null until known.
    webhookKeySealed: text("webhook_key_sealed"),
    lastWebhookAt: timestamp("last_webhook_at", { withTimezone: true }),
    /** Hours between incremental syncs (0: off). */
    incrementalHours: integer("incremental_hours").notNull().default(0),
    /** BambooHR's time up to which every change has been synced: recorded only by a successful sync. */
    incrementalWatermark: timestamp("incremental_watermark", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("integrations_org_provider_uq").on(t.organizationId, t.provider)],
);

export type Integration = typeof integrations.$inferSelect;
