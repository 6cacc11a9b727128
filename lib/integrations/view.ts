import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { organizations, syncRuns, users, type Integration, type SyncRun } from "@/lib/db/schema";
import type { SyncStatus } from "@/lib/db/schema/sync-runs";
import { connectionOf, getIntegration, instantUpdatesOf } from "@/lib/sync/source";
import { MONITORED_FIELDS } from "@/lib/integrations/instant-updates";
import { webhookUrl } from "@/lib/sync/webhooks";

export type CardState = "not_connected" | "connected" | "syncing" | "needs_review" | "error";

/** What the page may show of an integration: never the key, only its last 4 characters. */
type IntegrationView = {
  subdomain: string;
  keyLast4: string;
  state: CardState;
  consecutiveFailures: number;
  lastError: string | null;
  lastErrorAt: string | null;
  activationBlocklist: string[];
  notificationEmails: string[];
  safeguardPercent: number;
  missingFields: string[];
  timeZone: string;
  modes: SyncModes;
};

/** Each way changes reach Roster, and how it stands. */
export type SyncModes = {
  /** The API the last full read used; null before the first. */
  employeeSource: "datasets" | "reports" | null;
  instantUpdates: boolean;
  webhookSetup: "api" | "manual" | null;
  /** Manual setup: whether the admin pasted the webhook's private key yet. */
  webhookKeySaved: boolean;
  lastWebhookAt: string | null;
  webhookUrl: string;
  monitoredFields: string[];
  incrementalHours: number;
  incrementalWatermark: string | null;
  lastIncremental: { at: string; status: SyncStatus } | null;
  prestartDays: number;
};

export type RunSummary = Pick<
  SyncRun,
  "id" | "trigger" | "status" | "phase" | "processed" | "total" | "counts" | "error" | "warnings" | "holdMessage"
> & {
  startedAt: string;
  finishedAt: string | null;
  approvedAt: string | null;
};

function toRunSummary(run: SyncRun): RunSummary {
  return {
    id: run.id,
    trigger: run.trigger,
    status: run.status,
    phase: run.phase,
    processed: run.processed,
    total: run.total,
    counts: run.counts,
    error: run.error,
    warnings: run.warnings,
    holdMessage: run.holdMessage,
    approvedAt: run.approvedAt?.toISOString() ?? null,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

function cardState(integration: Integration | null, latest: SyncRun | null): CardState {
  const connection = connectionOf(integration);
  if (connection === "not_connected") return "not_connected";
  if (latest?.status === "running") return "syncing";
  if (connection === "error") return "error";
  if (latest?.status === "needs_review") return "needs_review";
  return "connected";
}

async function recentRuns(db: Db, organizationId: string, limit = 10) {
  return db.select().from(syncRuns).where(eq(syncRuns.organizationId, organizationId)).orderBy(desc(syncRuns.startedAt)).limit(limit);
}

export async function integrationView(db: Db, organizationId: string) {
  const [integration, runs, [org], [lastIncremental]] = await Promise.all([
    getIntegration(db, organizationId),
    recentRuns(db, organizationId),
    db.select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, organizationId)),
    db
      .select({ at: syncRuns.startedAt, status: syncRuns.status })
      .from(syncRuns)
      .where(and(eq(syncRuns.organizationId, organizationId), eq(syncRuns.trigger, "incremental")))
      .orderBy(desc(syncRuns.startedAt))
      .limit(1),
  ]);
  const latest = runs[0] ?? null;
  const updates = integration ? instantUpdatesOf(integration) : { on: false as const };
  const view: IntegrationView | null =
    integration && connectionOf(integration) !== "not_connected"
      ? {
          subdomain: integration.subdomain,
          keyLast4: integration.apiKeyLast4,
          state: cardState(integration, latest),
          consecutiveFailures: integration.consecutiveFailures,
          lastError: integration.lastError,
          lastErrorAt: integration.lastErrorAt?.toISOString() ?? null,
          activationBlocklist: integration.activationBlocklist,
          notificationEmails: integration.notificationEmails,
          safeguardPercent: integration.safeguardPercent,
          missingFields: integration.missingFields,
          timeZone: org.timeZone,
          modes: {
            employeeSource: integration.employeeSource ?? null,
            instantUpdates: updates.on,
            webhookSetup: updates.on ? updates.setup : null,
            webhookKeySaved: updates.on && updates.keySealed !== null,
            lastWebhookAt: integration.lastWebhookAt?.toISOString() ?? null,
            webhookUrl: webhookUrl(integration.id),
            monitoredFields: [...MONITORED_FIELDS],
            incrementalHours: integration.incrementalHours,
            incrementalWatermark: integration.incrementalWatermark?.toISOString() ?? null,
            lastIncremental: lastIncremental ? { at: lastIncremental.at.toISOString(), status: lastIncremental.status } : null,
            prestartDays: integration.prestartDays,
          },
        }
      : null;
  return { integration: view, runs: runs.map(toRunSummary), latest: latest ? toRunSummary(latest) : null };
}

/** A run's page: the run, and who approved it (its changes are paged by lib/integrations/run-review.ts). */
export async function runDetails(db: Db, organizationId: string, runId: string) {
  const [run] = await db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.id, runId), eq(syncRuns.organizationId, organizationId)));
  if (!run) return null;
  const [approver] = run.approvedBy
    ? await db
        .select({ firstName: users.firstName, lastName: users.lastName, email: users.email })
        .from(users)
        .where(and(eq(users.id, run.approvedBy), eq(users.organizationId, organizationId)))
    : [];
  const approvedBy = approver ? `${approver.firstName} ${approver.lastName}`.trim() || approver.email : null;
  return { run: toRunSummary(run), missingFields: run.missingFields, approvedBy };
}
