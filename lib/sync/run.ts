import { and, count, eq, lt, sql } from "drizzle-orm";
import { BambooError } from "@/lib/bamboohr/errors";
import type { Db } from "@/lib/db";
import { recordset } from "@/lib/db/bulk";
import { log } from "@/lib/log/logger";
import { integrations, syncPlanItems, syncRecordErrors, syncRuns, type SyncRun } from "@/lib/db/schema";
import type { SyncCounts } from "@/lib/db/schema/sync-runs";
import { applyItems, ensureDepartments, linkManagers, unappliedItems } from "./apply";
import { clearStaged, loadDepartmentNames, loadExistingUsers, loadStaged, stageSnapshot } from "./load";
import { planSync } from "./plan";
import { safeguardMessage, safeguardTripped } from "./safeguard";
import { clientFor, recordConnectionFailure, recordConnectionSuccess, type ClientOverrides } from "./settings";
import type { PlannedUser, RecordError } from "./types";

/** Rows per apply transaction: large enough to amortise round trips, well under 65,535 bind parameters. */
export const APPLY_BATCH = 2500;

export type Trigger = "schedule" | "manual" | "cli" | "approval";
export type StartResult = { runId: string; started: true } | { runId: string | null; started: false; reason: string };

const todayUtc = () => new Date().toISOString().slice(0, 10);

async function getRun(db: Db, runId: string): Promise<SyncRun> {
  const [run] = await db.select().from(syncRuns).where(eq(syncRuns.id, runId));
  if (!run) throw new Error(`Sync run ${runId} not found.`);
  return run;
}

async function getRunIntegration(db: Db, run: SyncRun) {
  const [integration] = await db
    .select()
    .from(integrations)
    .where(and(eq(integrations.id, run.integrationId), eq(integrations.organizationId, run.organizationId)));
  if (!integration) throw new Error("The BambooHR integration of this run no longer exists.");
  return integration;
}

async function setProgress(db: Db, runId: string, values: Partial<Pick<SyncRun, "phase" | "processed" | "total">>) {
  await db
    .update(syncRuns)
    .set({ ...values, heartbeatAt: new Date() })
    .where(eq(syncRuns.id, runId));
}

/** A run untouched this long was interrupted (a restart during an in-process sync, a lost worker). */
export const STALE_RUN_MS = 60 * 60_000;

async function failStaleRuns(db: Db, integrationId: string, now = new Date()) {
  await db
    .update(syncRuns)
    .set({
      status: "failed",
      phase: "failed",
      finishedAt: now,
      error: "The sync stopped without finishing (the server may have restarted). It was marked failed so that new syncs can run.",
    })
    .where(
      and(
        eq(syncRuns.integrationId, integrationId),
        eq(syncRuns.status, "running"),
        lt(syncRuns.heartbeatAt, new Date(now.getTime() - STALE_RUN_MS)),
      ),
    );
}

/** Step 1: open a run; refused while another run of the same integration is in progress. */
export async function startRun(
  db: Db,
  input: { organizationId: string; integrationId: string; trigger: Trigger; requestedBy?: string | null },
): Promise<StartResult> {
  const [integration] = await db
    .select({ enabled: integrations.enabled })
    .from(integrations)
    .where(and(eq(integrations.id, input.integrationId), eq(integrations.organizationId, input.organizationId)));
  if (!integration?.enabled) return { runId: null, started: false, reason: "BambooHR is not connected." };
  await failStaleRuns(db, input.integrationId);
  const [row] = await db
    .insert(syncRuns)
    .values({
      organizationId: input.organizationId,
      integrationId: input.integrationId,
      trigger: input.trigger,
      requestedBy: input.requestedBy ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: syncRuns.id });
  if (row) return { runId: row.id, started: true };
  const [running] = await db
    .select({ id: syncRuns.id })
    .from(syncRuns)
    .where(and(eq(syncRuns.integrationId, input.integrationId), eq(syncRuns.status, "running")));
  return { runId: running?.id ?? null, started: false, reason: "A sync is already running for this integration." };
}

/** Step 2: read BambooHR and stage the snapshot. A connection problem is recorded on the run, then thrown. */
export async function fetchAndStage(db: Db, runId: string, overrides: ClientOverrides = {}) {
  const run = await getRun(db, runId);
  const integration = await getRunIntegration(db, run);
  await setProgress(db, runId, { phase: "fetching" });
  try {
    const snapshot = await clientFor(integration, overrides).fetchEmployees();
    const problems: RecordError[] = snapshot.problems.map((p) => ({ bamboohrId: p.id, employeeId: null, name: null, reason: p.reason }));
    await stageSnapshot(db, runId, snapshot.employees);
    await db
      .update(syncRuns)
      .set({ missingFields: snapshot.missingFields, total: snapshot.employees.length, phase: "fetched", error: null, errorKind: null })
      .where(eq(syncRuns.id, runId));
    if (problems.length) await db.insert(syncRecordErrors).values(problems.map((p) => ({ runId, ...p })));
    await recordConnectionSuccess(db, integration.id, snapshot.missingFields);
    return { fetched: snapshot.employees.length, problems: problems.length, missingFields: snapshot.missingFields };
  } catch (error) {
    if (error instanceof BambooError) {
      await db.update(syncRuns).set({ error: error.message, errorKind: error.kind }).where(eq(syncRuns.id, runId));
    }
    throw error;
  }
}

/** Step 3: plan from the staged snapshot, store it, and hold it when the safeguard trips. */
export async function planRun(db: Db, runId: string, today = todayUtc()) {
  const run = await getRun(db, runId);
  const integration = await getRunIntegration(db, run);
  await setProgress(db, runId, { phase: "planning" });
  const [employees, users, departments, snapshotProblems] = await Promise.all([
    loadStaged(db, runId),
    loadExistingUsers(db, run.organizationId),
    loadDepartmentNames(db, run.organizationId),
    db
      .select({
        bamboohrId: syncRecordErrors.bamboohrId,
        employeeId: syncRecordErrors.employeeId,
        name: syncRecordErrors.name,
        reason: syncRecordErrors.reason,
      })
      .from(syncRecordErrors)
      .where(eq(syncRecordErrors.runId, runId)),
  ]);
  const plan = planSync({ employees, users, departments, blocklist: integration.activationBlocklist, today, snapshotProblems });
  const held = safeguardTripped(plan, integration.safeguardPercent);
  await db.transaction(async (tx) => {
    // A retried step starts from a clean slate: the plan is rebuilt, not appended.
    await tx.delete(syncPlanItems).where(eq(syncPlanItems.runId, runId));
    await tx.delete(syncRecordErrors).where(eq(syncRecordErrors.runId, runId));
    for (let i = 0; i < plan.items.length; i += 5000) {
      const rows = plan.items.slice(i, i + 5000).map((item, j) => ({
        position: i + j,
        action: item.action,
        user_id: item.userId,
        bamboohr_id: item.bamboohrId,
        employee_id: item.employeeId,
        name: item.name,
        changes: item.changes,
        payload: item.payload,
      }));
      await tx.execute(sql`insert into ${syncPlanItems} (run_id, organization_id, position, action, user_id, bamboohr_id, employee_id, name, changes, payload)
        select ${runId}::uuid, ${run.organizationId}::uuid, r.position, r.action::plan_action, r.user_id, r.bamboohr_id, r.employee_id, r.name, r.changes, r.payload
        from ${recordset(rows, { position: "int", action: "text", user_id: "uuid", bamboohr_id: "varchar", employee_id: "varchar", name: "text", changes: "jsonb", payload: "jsonb" })}`);
    }
    for (let i = 0; i < plan.errors.length; i += 1000) {
      await tx.insert(syncRecordErrors).values(plan.errors.slice(i, i + 1000).map((e) => ({ runId, ...e })));
    }
    const warnings = held ? [safeguardMessage(plan, integration.safeguardPercent), ...plan.warnings] : plan.warnings;
    await tx
      .update(syncRuns)
      .set({
        counts: plan.counts,
        warnings,
        total: plan.items.length,
        processed: 0,
        phase: held ? "held" : "planned",
        ...(held ? { status: "needs_review" as const, finishedAt: new Date() } : {}),
      })
      .where(eq(syncRuns.id, runId));
  });
  await clearStaged(db, runId);
  return { held, counts: plan.counts, items: plan.items.length };
}

/** Step 4: apply up to `limit` unapplied items (call until `remaining` is 0). Safe to repeat. */
export async function applyBatch(db: Db, runId: string, limit = APPLY_BATCH) {
  const run = await getRun(db, runId);
  const ctx = { organizationId: run.organizationId, runId };
  await setProgress(db, runId, { phase: "applying" });
  const items = await unappliedItems(db, runId, limit);
  const names = items.map((i) => (i.payload as PlannedUser).department).filter((d): d is string => !!d);
  const departmentIds = await ensureDepartments(db, run.organizationId, names);
  await applyItems(db, ctx, items, departmentIds);
  const [{ remaining }] = await db
    .select({ remaining: count() })
    .from(syncPlanItems)
    .where(and(eq(syncPlanItems.runId, runId), sql`${syncPlanItems.appliedAt} is null`));
  await setProgress(db, runId, { processed: run.total - remaining });
  return { applied: items.length, remaining };
}

/** Step 5: manager links, once every user of the plan exists. */
export async function applyManagers(db: Db, runId: string) {
  const run = await getRun(db, runId);
  await setProgress(db, runId, { phase: "linking managers" });
  const rows = await db
    .select({ payload: syncPlanItems.payload })
    .from(syncPlanItems)
    .where(and(eq(syncPlanItems.runId, runId), sql`(${syncPlanItems.action} = 'create' or ${syncPlanItems.changes} ? 'manager')`));
  const links = rows.map((r) => r.payload as PlannedUser).map((p) => ({ bamboohrId: p.bamboohrId, managerBambooId: p.managerBambooId }));
  await linkManagers(db, { organizationId: run.organizationId, runId }, links);
  return { links: links.length };
}

/** Step 6: close the run with its status and final counts. */
export async function finishRun(db: Db, runId: string) {
  const run = await getRun(db, runId);
  const [{ errors }] = await db.select({ errors: count() }).from(syncRecordErrors).where(eq(syncRecordErrors.runId, runId));
  const counts: SyncCounts = { ...(run.counts as SyncCounts), errors };
  const status = errors > 0 || run.warnings.length > 0 ? "succeeded_with_errors" : "succeeded";
  await db
    .update(syncRuns)
    .set({ status, counts, phase: "done", finishedAt: new Date(), processed: run.total })
    .where(eq(syncRuns.id, runId));
  log.info("sync run finished", { runId, organizationId: run.organizationId, status, ...counts });
  return { status, counts };
}

/**
 * Marks a run failed. A run that could not reach BambooHR counts one connection failure towards the
 * error state (once per run, however many retries it made).
 */
export async function failRun(db: Db, runId: string, message: string) {
  const run = await getRun(db, runId);
  if (run.status !== "running") return { enteredErrorState: false };
  await db
    .update(syncRuns)
    .set({ status: "failed", error: run.error ?? message, phase: "failed", finishedAt: new Date() })
    .where(eq(syncRuns.id, runId));
  await clearStaged(db, runId);
  log.warn("sync run failed", { runId, organizationId: run.organizationId, kind: run.errorKind, error: run.error ?? message });
  const connectionFailure = run.errorKind !== null && new BambooError(run.errorKind as BambooError["kind"], "").isConnectionFailure;
  if (!connectionFailure) return { enteredErrorState: false };
  return recordConnectionFailure(db, run.integrationId, run.error ?? message);
}

/** Approving a held run puts it back in progress; its stored plan is then applied as is. */
export async function approveRun(db: Db, organizationId: string, runId: string) {
  const updated = await db
    .update(syncRuns)
    // The safeguard's message was the first warning; once approved it no longer stands.
    .set({ status: "running", phase: "approved", finishedAt: null, heartbeatAt: new Date(), warnings: sql`${syncRuns.warnings} - 0` })
    .where(and(eq(syncRuns.id, runId), eq(syncRuns.organizationId, organizationId), eq(syncRuns.status, "needs_review")))
    .returning({ id: syncRuns.id });
  return updated.length === 1;
}

export async function discardRun(db: Db, organizationId: string, runId: string) {
  const updated = await db
    .update(syncRuns)
    .set({ status: "discarded", phase: "discarded" })
    .where(and(eq(syncRuns.id, runId), eq(syncRuns.organizationId, organizationId), eq(syncRuns.status, "needs_review")))
    .returning({ id: syncRuns.id });
  return updated.length === 1;
}
