import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  uniqueIndex,
  integer,
  json,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { BAMBOO_ERROR_KINDS } from "@/lib/bamboohr/errors";
import { timeOrderedId } from "./time-ordered-id";
import { integrations } from "./integrations";
import { organizations } from "./organizations";
import { users } from "./users";

/** What started a run. */
export const SYNC_TRIGGERS = ["schedule", "manual", "cli", "webhook", "incremental"] as const;
export type SyncTrigger = (typeof SYNC_TRIGGERS)[number];
export const syncTrigger = pgEnum("sync_trigger", SYNC_TRIGGERS);
/** Why BambooHR could not be read (lib/bamboohr/errors.ts). */
export const bambooErrorKind = pgEnum("bamboo_error_kind", BAMBOO_ERROR_KINDS);
// The run lifecycle, one enum each for the database and TypeScript; labels for people are in lib/sync/lifecycle.ts.
export const SYNC_STATUSES = [
  "running",
  "succeeded",
  "succeeded_with_errors",
  "needs_review",
  "discarded",
  "failed",
  "succeeded_with_warnings",
  "superseded",
] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];
export const syncStatus = pgEnum("sync_status", SYNC_STATUSES);

export const SYNC_PHASES = [
  "starting",
  "fetching",
  "fetched",
  "planning",
  "planned",
  "held",
  "approved",
  "applying",
  "linking_managers",
  "done",
  "failed",
  "discarded",
  "superseded",
] as const;
export type SyncPhase = (typeof SYNC_PHASES)[number];
export const syncPhase = pgEnum("sync_phase", SYNC_PHASES);

/** Why a run waits for a person instead of being applied. */
export const HOLD_REASONS = ["safeguard"] as const;
export const holdReason = pgEnum("hold_reason", HOLD_REASONS);
/** What a plan does to a user, and what an audit row records. */
export const PLAN_ACTIONS = ["create", "update", "deactivate", "reactivate"] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];
export const planAction = pgEnum("plan_action", PLAN_ACTIONS);

export type SyncCounts = {
  fetched: number;
  errors: number;
  created: number;
  updated: number;
  deactivated: number;
  reactivated: number;
  unchanged: number;
  skipped: number;
  departmentsCreated: number;
  /** Future hires beyond the pre-start window: no account yet. */
  notStarted?: number;
};

export type FieldChange = { from: string | boolean | null; to: string | boolean | null };
export type FieldChanges = Record<string, FieldChange>;

export const syncRuns = pgTable(
  "sync_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    integrationId: uuid("integration_id")
      .notNull()
      .references(() => integrations.id, { onDelete: "cascade" }),
    trigger: syncTrigger("trigger").notNull(),
    requestedBy: uuid("requested_by"),
    status: syncStatus("status").notNull().default("running"),
    phase: syncPhase("phase").notNull().default("starting"),
    holdReason: holdReason("hold_reason"),
    /** The sentence shown while held (how many deactivations, of how many). */
    holdMessage: text("hold_message"),
    approvedBy: uuid("approved_by"),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    /** The Inngest function run that owns this run: a re-run of its first step finds it again. */
    inngestRunId: varchar("inngest_run_id", { length: 64 }),
    /** The request that started it (an event's id): the same request delivered twice starts one run. */
    requestKey: varchar("request_key", { length: 200 }),
    /** An in-process run: the instance and boot of the process running it (`host:port#boot`); null under Inngest. */
    worker: varchar("worker", { length: 300 }),
    /** Records BambooHR sent that could not be read at all (no id): kept with the run, reported by the plan. */
    snapshotProblems: jsonb("snapshot_problems").$type<Array<{ bamboohrId: string | null; reason: string }>>().notNull().default([]),
    /** A targeted run (webhook, incremental): the BambooHR ids it syncs. Null: a full sync of everyone. */
    targetIds: jsonb("target_ids").$type<string[]>(),
    /** An incremental run: BambooHR's time of the changes it syncs, recorded on the integration if it succeeds. */
    watermark: timestamp("watermark", { withTimezone: true }),
    /** Plan positions applied (items apply in position order): the apply steps' progress and their cursor. */
    processed: integer("processed").notNull().default(0),
    total: integer("total").notNull().default(0),
    counts: jsonb("counts").$type<SyncCounts>(),
    missingFields: jsonb("missing_fields").$type<string[]>().notNull().default([]),
    warnings: jsonb("warnings").$type<string[]>().notNull().default([]),
    error: text("error"),
    errorKind: bambooErrorKind("error_kind"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    // Touched by every step: a "running" run that stops being touched was interrupted (see startRun).
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("sync_runs_org_started_idx").on(t.organizationId, t.startedAt),
    // At most one run in progress per integration, whoever starts it (schedule, Sync Now, CLI).
    uniqueIndex("sync_runs_one_running_uq")
      .on(t.integrationId)
      .where(sql`status = 'running'`),
    uniqueIndex("sync_runs_inngest_run_uq").on(t.inngestRunId),
    uniqueIndex("sync_runs_request_key_uq").on(t.requestKey),
  ],
);

// The fetched snapshot, staged so that each step reads it from the database, not from memory.
export const syncStagedEmployees = pgTable(
  "sync_staged_employees",
  {
    runId: uuid("run_id")
      .notNull()
      .references(() => syncRuns.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    /** A chunk of the snapshot, in order: a JSON array of records (plain text, not jsonb: written once, read once). */
    records: text("records").notNull(),
  },
  (t) => [index("sync_staged_run_idx").on(t.runId, t.position)],
);

/**
 * The plan of a run that applies, as it is applied: `items` is a JSON array of up to one apply batch of plan items
 * (positions `position * PLAN_CHUNK` on), so that a large plan is a few rows, written and read whole. Each chunk keeps
 * its own cursor (`applied`): chunks of new users apply side by side, on two connections.
 */
export const syncPlanChunks = pgTable(
  "sync_plan_chunks",
  {
    runId: uuid("run_id")
      .notNull()
      .references(() => syncRuns.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    items: text("items").notNull(),
    /** The chunk's manager links to set once every user exists: `[{ b: bamboohrId, m: managerBambooId }]`. */
    links: text("links").notNull(),
    /** How many items `items` holds. */
    size: integer("size").notNull().default(0),
    /** How many of them are applied (in order): moved in the transaction that applies them. */
    applied: integer("applied").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.runId, t.position] })],
);

// The plan of a run held for review (and of an approved run): one row per user outcome, for the review page, its
// search and the approval.
export const syncPlanItems = pgTable(
  "sync_plan_items",
  {
    runId: uuid("run_id")
      .notNull()
      .references(() => syncRuns.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id").notNull(),
    position: integer("position").notNull(),
    action: planAction("action").notNull(),
    userId: uuid("user_id"),
    bamboohrId: varchar("bamboohr_id", { length: 64 }),
    employeeId: varchar("employee_id", { length: 256 }),
    name: text("name"),
    // json, not jsonb: stored as sent (jsonb is parsed on the way in), read whole by Roster.
    changes: json("changes").$type<FieldChanges>(),
    payload: json("payload"),
    reason: text("reason"),
  },
  (t) => [primaryKey({ columns: [t.runId, t.position] })],
);

// Per-record problems of a run (skipped records, dropped manager links, reused employee numbers).
export const syncRecordErrors = pgTable(
  "sync_record_errors",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    runId: uuid("run_id")
      .notNull()
      .references(() => syncRuns.id, { onDelete: "cascade" }),
    bamboohrId: varchar("bamboohr_id", { length: 64 }),
    employeeId: varchar("employee_id", { length: 256 }),
    name: text("name"),
    reason: text("reason").notNull(),
    /** The record was not synced at all (only its activation, where it could be decided); else a lesser problem. */
    skipped: boolean("skipped").notNull().default(false),
  },
  (t) => [index("sync_record_errors_run_idx").on(t.runId)],
);

// One audit row per change to a user: by a sync run, or by an admin (changed_by).
export const userChanges = pgTable(
  "user_changes",
  {
    id: uuid("id").primaryKey().default(timeOrderedId),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    runId: uuid("run_id").references(() => syncRuns.id, { onDelete: "set null" }),
    // The user's history goes with the user.
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    /** The admin who made a change by hand (null for a sync's). */
    changedBy: uuid("changed_by"),
    action: planAction("action").notNull(),
    // json for the same reason: a first sync writes one audit row per user.
    changes: json("changes").$type<FieldChanges>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("user_changes_run_idx").on(t.runId), index("user_changes_user_idx").on(t.userId, t.createdAt)],
);

export type SyncRun = typeof syncRuns.$inferSelect;
export type SyncPlanItem = typeof syncPlanItems.$inferSelect;
