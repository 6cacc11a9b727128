import { and, eq } from "drizzle-orm";
import { BambooError } from "@/lib/bamboohr/errors";
import type { Db } from "@/lib/db";
import { syncPlanItems, syncRecordErrors, syncRuns, type SyncRun } from "@/lib/db/schema";
import type { BambooClient } from "@/lib/bamboohr/client";
import { recordConnectionSuccess } from "@/lib/sync/run/connection-state";
import { clientFor, type ClientOverrides } from "@/lib/sync/source";
import type { Integration } from "@/lib/db/schema";
import { incrementalSince } from "./run/targeted";
import { fetchTargeted } from "./source";
import { tidyWebhooks } from "./webhooks";
import { metrics } from "@/lib/metrics";
import { storable } from "@/lib/text";
import { analyzeUserKeys, linkManagers } from "./apply/writer";
import { applyChunks } from "./apply/lanes";
import type { Fields } from "./fields";
import { appliedCount, deletePlan, PLAN_CHUNK, readPendingChunks, writePlanChunks, writeReviewItems } from "./apply/plan-store";
import { restrictToApproved } from "./plan/approved";
import { RunClosedError } from "./run/lifecycle";
import { clearStaged, loadDepartmentNames, loadExistingUsers, loadStaged, stageSnapshot } from "./apply/staging";
import { planSync } from "./plan/planner";
import { getRun, getRunContext, lockOpenRun, openRun, setProgress } from "./run/store";
import { safeguardMessage, safeguardTripped } from "./plan/safeguard";
import { todayIn } from "./plan/today";
import type { Plan } from "./plan/types";

/** Rows per apply transaction: one stored plan chunk, large enough to amortise round trips. */
export const APPLY_BATCH = PLAN_CHUNK;

/** Chunks a step applies at most, one transaction each: fewer steps for a large plan. */
const APPLY_CHUNKS_PER_STEP = 4;

/** What a test may change of the plan and apply steps: the date, and the synced fields. */
export type StepOptions = { today?: string; fields?: Fields };

/** Step: read BambooHR and stage the snapshot (again, when run again). A connection problem is recorded on the run, then thrown. */
export async function fetchAndStage(db: Db, runId: string, overrides: ClientOverrides = {}) {
  const run = await openRun(db, runId);
  const { integration } = await getRunContext(db, run);
  await setProgress(db, runId, { phase: "fetching" });
  try {
    const client = clientFor(integration, overrides);
    const targetIds = run.trigger === "incremental" ? await findChanged(db, run, integration, client) : run.targetIds;
    const snapshot = targetIds ? await fetchTargeted(client, targetIds) : await client.fetchEmployees();
    await stageSnapshot(db, runId, snapshot.employees);
    metrics().employeesRead.inc(snapshot.employees.length);
    if (!targetIds) await tidyWebhooks(db, integration, client);
    const snapshotProblems = snapshot.problems.map((p) => ({ bamboohrId: p.id, reason: p.reason }));

    await db
      .update(syncRuns)
      .set({
        missingFields: snapshot.missingFields,
        snapshotProblems,
        total: snapshot.employees.length,
        phase: "fetched",
        error: null,
        errorKind: null,
      })
      .where(and(eq(syncRuns.id, runId), eq(syncRuns.status, "running")));
    // A targeted read sees only some employees: it does not speak for the key's fields.
    await recordConnectionSuccess(db, integration.id, targetIds ? null : snapshot.missingFields, snapshot.source);
    return { fetched: snapshot.employees.length, problems: snapshotProblems.length, missingFields: snapshot.missingFields };
  } catch (error) {
    if (error instanceof BambooError) {
      await db
        .update(syncRuns)
        .set({ error: storable(error.message), errorKind: error.kind })
        .where(and(eq(syncRuns.id, runId), eq(syncRuns.status, "running")));
    }
    throw error;
  }
}

/**
 * An incremental run: the employees BambooHR changed since the watermark. They and BambooHR's time of the latest
 * change are kept on the run; the watermark itself moves only when the run succeeds.
 */
async function findChanged(db: Db, run: SyncRun, integration: Integration, client: BambooClient): Promise<string[]> {
  if (run.watermark && run.targetIds) return run.targetIds; // this step run again: the same changes
  const since = await incrementalSince(db, integration);
  if (!since) throw new Error("No full sync has succeeded yet: an incremental sync needs one to start from. Press Sync now.");
  const changed = await client.fetchChangedSince(since);
  const ids = [...new Set(Object.values(changed.employees).map((e) => e.id))];
  const latest = changed.latest ? new Date(changed.latest) : null;
  const watermark = latest && !Number.isNaN(latest.getTime()) && latest > since ? latest : since;
  await db
    .update(syncRuns)
    .set({ targetIds: ids, watermark })
    .where(and(eq(syncRuns.id, run.id), eq(syncRuns.status, "running")));
  return ids;
}

/** The plan of the staged snapshot against Roster now. */
async function planFromStaged(db: Db, run: SyncRun, options: StepOptions): Promise<Plan> {
  const { integration, timeZone } = await getRunContext(db, run);
  const [employees, users, departments] = await Promise.all([
    loadStaged(db, run.id),
    loadExistingUsers(db, run.organizationId, options.fields),
    loadDepartmentNames(db, run.organizationId),
  ]);
  if (employees.length === 0 && run.total > 0)
    throw new Error("The snapshot this run read from BambooHR is gone; the run must read BambooHR again.");
  const plan = planSync({
    employees,
    users,
    departments,
    blocklist: integration.activationBlocklist,
    today: options.today ?? todayIn(timeZone),
    fields: options.fields,
    snapshotProblems: run.snapshotProblems.map((p) => ({ ...p, employeeId: null, name: null, skipped: true })),
    missingFields: run.missingFields,
    partial: run.targetIds !== null,
    prestartDays: integration.prestartDays,
  });
  if (run.targetIds) {
    const read = new Set([...employees.map((e) => e.id), ...run.snapshotProblems.map((p) => p.bamboohrId)]);
    const gone = run.targetIds.filter((id) => !read.has(id));
    if (gone.length)
      plan.warnings.push(
        `BambooHR no longer has ${gone.length === 1 ? "employee" : "employees"} ${gone.slice(0, 10).join(", ")}${gone.length > 10 ? ` and ${gone.length - 10} more` : ""}: the nightly full sync deactivates whoever is gone.`,
      );
  }
  return plan;
}

/** Replaces the run's stored plan (a step run again rebuilds it, never appends) and records how it ends. */
async function storePlan(db: Db, run: SyncRun, plan: Plan, hold: string | null, fields?: Fields) {
  await db.transaction(async (tx) => {
    await lockOpenRun(tx, run.id);
    await deletePlan(tx, run.id);
    await tx.delete(syncRecordErrors).where(eq(syncRecordErrors.runId, run.id));
    // A held plan is reviewed item by item; a plan that applies is read a batch at a time. An approved run keeps
    // its items too: they are what was approved, should its plan step run again.
    if (hold || run.approvedBy) await writeReviewItems(tx, run, plan.items);
    if (!hold) await writePlanChunks(tx, run.id, plan.items, fields);
    for (let i = 0; i < plan.errors.length; i += 1000) {
      await tx
        .insert(syncRecordErrors)
        .values(
          plan.errors
            .slice(i, i + 1000)
            .map((e) => ({ runId: run.id, ...e, reason: storable(e.reason), name: e.name && storable(e.name) })),
        );
    }
    await tx
      .update(syncRuns)
      .set({
        counts: plan.counts,
        warnings: plan.warnings,
        total: plan.items.length,
        processed: 0,
        phase: hold ? "held" : "planned",
        ...(hold ? { status: "needs_review" as const, holdReason: "safeguard" as const, holdMessage: hold, finishedAt: new Date() } : {}),
      })
      .where(eq(syncRuns.id, run.id));
  });
}

/**
 * Step: plan from the staged snapshot, store it, and hold it when the safeguard trips. Run again before
 * anything was applied, it plans again from the same snapshot; after, or once held, it changes nothing.
 */
export async function planRun(db: Db, runId: string, options: StepOptions = {}) {
  const run = await getRun(db, runId);
  if (run.status === "needs_review") return { held: true, counts: run.counts, items: run.total };
  if (await anyApplied(db, await openRun(db, runId))) return { held: false, counts: run.counts, items: run.total };
  await setProgress(db, runId, { phase: "planning" });
  const plan = await planFromStaged(db, run, options);
  const { integration } = await getRunContext(db, run);
  const held = safeguardTripped(plan, integration.safeguardPercent);
  await storePlan(db, run, plan, held ? safeguardMessage(plan, integration.safeguardPercent) : null, options.fields);
  if (held) {
    await clearStaged(db, runId);
    metrics().syncHeld.inc();
    metrics().syncRuns.inc({ trigger: run.trigger, outcome: "needs_review" });
  }
  return { held, counts: plan.counts, items: plan.items.length };
}

/**
 * Step of an approved run: plan again from what BambooHR says now (the run read it again), applying only the
 * deactivations the admin approved that current data still asks for.
 */
export async function planApprovedRun(db: Db, runId: string, options: StepOptions = {}) {
  const run = await openRun(db, runId);
  if (!run.approvedBy) throw new RunClosedError(runId, run.status);
  if (await anyApplied(db, run)) return { counts: run.counts, items: run.total };
  await setProgress(db, runId, { phase: "planning" });
  const approved = await db
    .select({ userId: syncPlanItems.userId })
    .from(syncPlanItems)
    .where(and(eq(syncPlanItems.runId, runId), eq(syncPlanItems.action, "deactivate")));
  const plan = restrictToApproved(await planFromStaged(db, run, options), new Set(approved.map((a) => a.userId!)));
  await storePlan(db, run, plan, null, options.fields);
  return { counts: plan.counts, items: plan.items.length };
}

/** Whether any of the run's plan was applied: its plan then stays (`processed` moves only once a step is done). */
async function anyApplied(db: Db, run: SyncRun) {
  return run.processed > 0 || (await appliedCount(db, run.id)) > 0;
}

/**
 * Step: apply the next chunks (up to `limit` items of each), one transaction each. Call until `remaining` is 0. Safe
 * to repeat, even twice at once: a chunk's cursor moves with the items it applies.
 */
export async function applyBatch(db: Db, runId: string, limit = APPLY_BATCH, fields?: Fields) {
  const run = await openRun(db, runId);
  const ctx = { organizationId: run.organizationId, runId, fields };
  await setProgress(db, runId, { phase: "applying" });
  const chunks = await readPendingChunks(db, runId, APPLY_CHUNKS_PER_STEP);
  // The users grow fastest in a first sync: statistics taken again each time they may have doubled keep managers
  // found by key (chunks 1, 2, 4, 8, ...).
  const first = chunks[0]?.position ?? 0;
  if (first > 0 && (first & (first - 1)) === 0 && chunks[0].applied === 0) await analyzeUserKeys(db);
  const applied = await applyChunks(db, ctx, chunks, limit);
  const processed = await appliedCount(db, runId);
  if (chunks.length === 0 && processed < run.total)
    throw new Error("The plan of this run is gone before it was applied; the next sync plans again.");
  await setProgress(db, runId, { processed });
  return { applied, remaining: run.total - processed };
}

/** Step: manager links, once every user of the plan exists. Idempotent. */
export async function applyManagers(db: Db, runId: string) {
  const run = await openRun(db, runId);
  await setProgress(db, runId, { phase: "linking_managers" });
  await linkManagers(db, { organizationId: run.organizationId, runId }, run.total);
  return { planSize: run.total };
}
