import { metrics } from "@/lib/metrics";
import { storable } from "@/lib/text";
import { and, count, eq, isNull, lt, ne, not, or, sql, type SQL } from "drizzle-orm";
import { BambooError } from "@/lib/bamboohr/errors";
import type { Db } from "@/lib/db";
import { recordConnectionFailure } from "@/lib/sync/run/connection-state";
import { log } from "@/lib/log/logger";
import { integrations, organizations, syncRecordErrors, syncRuns, syncStagedEmployees, users, type SyncRun } from "@/lib/db/schema";
import type { SyncCounts, SyncPhase, SyncTrigger } from "@/lib/db/schema/sync-runs";
import { isWritable, RunClosedError, type SyncStatus } from "./lifecycle";
import { clearStaged } from "../apply/staging";
import { advanceWatermark, queueChanges, WATERMARK_OVERLAP_MS } from "./watermark";

export type Trigger = SyncTrigger;
export type StartResult = { runId: string; started: true } | { runId: string | null; started: false; reason: string };
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export async function getRun(db: Db | Tx, runId: string): Promise<SyncRun> {
  const [run] = await db.select().from(syncRuns).where(eq(syncRuns.id, runId));
  if (!run) throw new Error(`Sync run ${runId} not found.`);
  return run;
}

/** The run, if this worker may still write it; otherwise RunClosedError (never retried). */
export async function openRun(db: Db, runId: string): Promise<SyncRun> {
  const run = await getRun(db, runId);
  if (!isWritable(run)) throw new RunClosedError(runId, run.status);
  return run;
}

/**
 * Inside a write transaction: locks the run row so that a takeover or a discard cannot interleave. Transactions that
 * apply the plan share the lock (they write only their chunk's cursor, never the run), so that two can run at once.
 */
export async function lockOpenRun(tx: Tx, runId: string, mode: "update" | "share" = "update"): Promise<void> {
  const [run] = await tx.select().from(syncRuns).where(eq(syncRuns.id, runId)).for(mode);
  if (!run || !isWritable(run)) throw new RunClosedError(runId, run?.status ?? "failed");
}

export async function getRunContext(db: Db, run: SyncRun) {
  const [row] = await db
    .select({ integration: integrations, timeZone: organizations.timeZone })
    .from(integrations)
    .innerJoin(organizations, eq(organizations.id, integrations.organizationId))
    .where(and(eq(integrations.id, run.integrationId), eq(integrations.organizationId, run.organizationId)));
  if (!row) throw new Error("The BambooHR integration of this run no longer exists.");
  return row;
}

/** Progress of a run still in progress; an ended run is left as it ended. */
export async function setProgress(db: Db, runId: string, values: { phase?: SyncPhase; processed?: number; total?: number }) {
  await db
    .update(syncRuns)
    .set({ ...values, heartbeatAt: new Date() })
    .where(and(eq(syncRuns.id, runId), eq(syncRuns.status, "running")));
}

/** An in-process run (Sync now without Inngest, the CLI) touches its row this often while it works. */
export const HEARTBEAT_MS = 15_000;
/** Silent this long, an in-process run died with its process (a restart, a crash). */
const IN_PROCESS_STALE_MS = 60_000;
/** An Inngest run may wait between steps for its retries: only this long a silence means its worker is lost. */
const DURABLE_STALE_MS = 60 * 60_000;

/** SQL: a running run whose worker is gone. */
function interrupted(now = new Date()): SQL {
  return and(
    eq(syncRuns.status, "running"),
    or(
      and(isNull(syncRuns.inngestRunId), lt(syncRuns.heartbeatAt, new Date(now.getTime() - IN_PROCESS_STALE_MS))),
      lt(syncRuns.heartbeatAt, new Date(now.getTime() - DURABLE_STALE_MS)),
    ),
  )!;
}

export const INTERRUPTED_MESSAGE =
  "Interrupted by a restart: the server stopped while this sync ran. Every batch it applied is complete, nothing else was changed; the next sync picks up the rest.";

/** The sync run an Inngest function run opened, if any. */
export async function runOfInngestRun(db: Db, inngestRunId: string): Promise<string | null> {
  const [run] = await db.select({ id: syncRuns.id }).from(syncRuns).where(eq(syncRuns.inngestRunId, inngestRunId));
  return run?.id ?? null;
}

/**
 * The integration's run in progress, if any (its worker alive). "A sync is already running" lives in one place, the
 * one-running-run index; this reads it, for a refusal before anything is started.
 */
export async function runningRun(db: Db, integrationId: string): Promise<string | null> {
  const [run] = await db
    .select({ id: syncRuns.id })
    .from(syncRuns)
    .where(and(eq(syncRuns.integrationId, integrationId), eq(syncRuns.status, "running"), not(interrupted())));
  return run?.id ?? null;
}

/** Marks interrupted runs failed (of one integration, or all) and drops their staged snapshots. */
export async function failInterruptedRuns(db: Db, integrationId?: string, now = new Date()): Promise<number> {
  const failed = await db
    .update(syncRuns)
    .set({ status: "failed", phase: "failed", finishedAt: now, error: INTERRUPTED_MESSAGE })
    .where(and(interrupted(now), integrationId ? eq(syncRuns.integrationId, integrationId) : undefined))
    .returning({ id: syncRuns.id });
  // Snapshots of runs that ended without cleaning up (a crash) are not kept.
  await db.execute(sql`delete from ${syncStagedEmployees} s using ${syncRuns} r
    where s.run_id = r.id and r.status <> 'running' ${integrationId ? sql`and r.integration_id = ${integrationId}` : sql``}`);
  return failed.length;
}

/**
 * At boot: in-process runs that an earlier boot of this same instance was running died with it (a restart, a
 * crash). They are marked failed at once, so Sync now works again without waiting for the heartbeat to go stale.
 */
export async function failOrphanedRuns(db: Db, worker: string, now = new Date()): Promise<number> {
  const instance = worker.slice(0, worker.lastIndexOf("#"));
  const failed = await db
    .update(syncRuns)
    .set({ status: "failed", phase: "failed", finishedAt: now, error: INTERRUPTED_MESSAGE })
    .where(
      and(
        eq(syncRuns.status, "running"),
        isNull(syncRuns.inngestRunId),
        sql`split_part(${syncRuns.worker}, '#', 1) = ${instance}`,
        ne(syncRuns.worker, worker),
      ),
    )
    .returning({ id: syncRuns.id });
  if (failed.length) await db.execute(sql`delete from ${syncStagedEmployees} where run_id in ${failed.map((f) => f.id)}`);
  return failed.length;
}

/** This process is stopping: the in-process runs it is running end now, with `message`, so that none waits for a sweep. */
export async function failRunsOfWorker(db: Db, worker: string, message: string): Promise<number> {
  const running = await db
    .select({ id: syncRuns.id })
    .from(syncRuns)
    .where(and(eq(syncRuns.status, "running"), isNull(syncRuns.inngestRunId), eq(syncRuns.worker, worker)));
  for (const run of running) await failRun(db, run.id, message);
  return running.length;
}

/** While an in-process run works, its row shows it is alive. */
export async function touchRun(db: Db, runId: string) {
  await db
    .update(syncRuns)
    .set({ heartbeatAt: new Date() })
    .where(and(eq(syncRuns.id, runId), eq(syncRuns.status, "running")));
}

export type StartInput = {
  organizationId: string;
  integrationId: string;
  trigger: Trigger;
  requestedBy?: string | null;
  /** Under Inngest: the function run that opens it. */
  inngestRunId?: string;
  /** The request's own id (an event id): the same request delivered twice opens one run. */
  requestKey?: string;
  /** In process: `workerId()` of the process that will run it. */
  worker?: string;
  /** A targeted run: the employees it syncs (an incremental run finds them itself: []). */
  targetIds?: string[];
};

/**
 * Step 1: open a run; refused while another run of the same integration is in progress. With the Inngest
 * run id, running the step again finds the run it opened the first time; with a request key, a request
 * delivered again finds the run it started. A new run supersedes held ones.
 */
export async function startRun(db: Db, input: StartInput): Promise<StartResult> {
  const own = async (): Promise<StartResult | null> => {
    if (input.inngestRunId) {
      const [run] = await db.select().from(syncRuns).where(eq(syncRuns.inngestRunId, input.inngestRunId));
      if (run)
        return run.status === "running"
          ? { runId: run.id, started: true }
          : { runId: run.id, started: false, reason: "This sync has already ended." };
    }
    if (input.requestKey) {
      const [run] = await db.select({ id: syncRuns.id }).from(syncRuns).where(eq(syncRuns.requestKey, input.requestKey));
      if (run) return { runId: run.id, started: false, reason: "This request already started a sync." };
    }
    return null;
  };
  const [integration] = await db
    .select({ enabled: integrations.enabled })
    .from(integrations)
    .where(and(eq(integrations.id, input.integrationId), eq(integrations.organizationId, input.organizationId)));
  if (!integration?.enabled) return { runId: null, started: false, reason: "BambooHR is not connected." };
  await failInterruptedRuns(db, input.integrationId);
  const [row] = await db
    .insert(syncRuns)
    .values({
      organizationId: input.organizationId,
      integrationId: input.integrationId,
      trigger: input.trigger,
      requestedBy: input.requestedBy ?? null,
      inngestRunId: input.inngestRunId ?? null,
      requestKey: input.requestKey ?? null,
      worker: input.worker ?? null,
      targetIds: input.targetIds ?? (input.trigger === "incremental" ? [] : null),
    })
    .onConflictDoNothing()
    .returning({ id: syncRuns.id });
  if (row) {
    // A full run supersedes held ones (it reads everything again); a targeted one leaves them for the admin.
    if (input.targetIds === undefined && input.trigger !== "incremental")
      await db
        .update(syncRuns)
        .set({ status: "superseded", phase: "superseded" })
        .where(and(eq(syncRuns.integrationId, input.integrationId), eq(syncRuns.status, "needs_review"), ne(syncRuns.id, row.id)));
    return { runId: row.id, started: true };
  }
  // Not inserted: this Inngest run opened its run before (the step ran again), or another run is in progress.
  const mine = await own();
  if (mine) return mine;
  const [running] = await db
    .select({ id: syncRuns.id })
    .from(syncRuns)
    .where(and(eq(syncRuns.integrationId, input.integrationId), eq(syncRuns.status, "running")));
  return { runId: running?.id ?? null, started: false, reason: "A sync is already running for this integration." };
}

const SUCCEEDED: readonly SyncStatus[] = ["succeeded", "succeeded_with_warnings", "succeeded_with_errors"];

/**
 * Users a run writes (and at least a tenth of those BambooHR has: 1% changed leaves the statistics right) from which
 * the directory's statistics are taken again as it ends.
 */
const ANALYZE_AFTER = 1_000;

/**
 * Fresh statistics of the columns the users page filters, groups and searches on: right after a large sync, PostgreSQL
 * would otherwise plan the page's queries for the table as it was (a search then read the whole organization), until
 * autovacuum comes round. Only a speed matter: a failure is logged.
 */
async function refreshDirectoryStatistics(db: Db, runId: string) {
  try {
    await db.execute(sql`analyze ${users} (organization_id, department_id, active, search_text)`);
  } catch (error) {
    log.warn("could not refresh the directory's statistics", { runId, error: (error as Error).message });
  }
}

/** Last step: close the run with its status and final counts. Running it again returns the same result. */
export async function finishRun(db: Db, runId: string) {
  const run = await getRun(db, runId);
  if (SUCCEEDED.includes(run.status)) {
    return { status: run.status, counts: run.counts as SyncCounts };
  }
  if (!isWritable(run)) throw new RunClosedError(runId, run.status);
  const [{ errors }] = await db.select({ errors: count() }).from(syncRecordErrors).where(eq(syncRecordErrors.runId, runId));
  const counts: SyncCounts = { ...(run.counts as SyncCounts), errors };
  const status: SyncStatus = errors > 0 ? "succeeded_with_errors" : run.warnings.length > 0 ? "succeeded_with_warnings" : "succeeded";
  const closed = await db
    .update(syncRuns)
    .set({ status, counts, phase: "done", finishedAt: new Date(), processed: run.total })
    .where(and(eq(syncRuns.id, runId), eq(syncRuns.status, "running")))
    .returning({ id: syncRuns.id });
  if (closed.length === 0) throw new RunClosedError(runId, (await getRun(db, runId)).status);
  await clearStaged(db, runId);
  const written = counts.created + counts.updated + counts.deactivated + counts.reactivated;
  if (written >= ANALYZE_AFTER && written >= counts.fetched / 10) await refreshDirectoryStatistics(db, runId);
  // Changes are synced up to here: an incremental run's BambooHR time, or (a full run) its start.
  const watermark =
    run.trigger === "incremental"
      ? run.watermark
      : run.targetIds === null
        ? new Date(run.startedAt.getTime() - WATERMARK_OVERLAP_MS)
        : null;
  if (watermark) await advanceWatermark(db, run.integrationId, watermark);
  log.info("sync run finished", { runId, organizationId: run.organizationId, status, ...counts });
  const m = metrics();
  m.syncRuns.inc({ trigger: run.trigger, outcome: status });
  for (const kind of ["created", "updated", "deactivated", "reactivated"] as const)
    if (counts[kind]) m.changesApplied.inc({ kind }, counts[kind]);
  return { status, counts };
}

/**
 * Marks a run failed. A run that could not reach BambooHR counts one connection failure towards the
 * error state (once per run, however many retries it made). A run that already ended is left alone.
 */
export async function failRun(db: Db, runId: string, reason: string) {
  const message = storable(reason);
  const run = await getRun(db, runId);
  if (run.status !== "running") return { enteredErrorState: false };
  const failed = await db
    .update(syncRuns)
    .set({ status: "failed", error: run.error ?? message, phase: "failed", finishedAt: new Date() })
    .where(and(eq(syncRuns.id, runId), eq(syncRuns.status, "running")))
    .returning({ id: syncRuns.id });
  await clearStaged(db, runId);
  if (failed.length === 0) return { enteredErrorState: false };
  metrics().syncRuns.inc({ trigger: run.trigger, outcome: "failed" });
  // A webhook run's changes go back on the queue: the next delivery (or the nightly sync) takes them again.
  if (run.trigger === "webhook" && run.targetIds?.length) await queueChanges(db, run.integrationId, run.targetIds);
  log.warn("sync run failed", { runId, organizationId: run.organizationId, kind: run.errorKind, error: run.error ?? message });
  const connectionFailure = run.errorKind !== null && new BambooError(run.errorKind as BambooError["kind"], "").isConnectionFailure;
  if (!connectionFailure) return { enteredErrorState: false };
  return recordConnectionFailure(db, run.integrationId, run.error ?? message);
}
