import { getBackgroundDb, getDb, type Db } from "@/lib/db";
import { log, logContext, withLogContext } from "@/lib/log/logger";
import { notifyAfterRun } from "@/lib/notify/after-run";
import { runApprovedSteps, runInProcess, runSyncSteps, type RunSteps, type SyncOptions } from "@/lib/sync/pipeline";
import { failInterruptedRuns, failOrphanedRuns, startRun } from "@/lib/sync/run/store";
import { pendingCount, startWebhookRun } from "@/lib/sync/run/targeted";
import { workerId } from "@/lib/sync/run/worker";
import { BUSY, type JobRunner, type RequestResult, type Target } from "./runner";

/** Deliveries within this long of each other make one targeted sync. */
const DEBOUNCE_MS = 3_000;
/** While another sync of the integration runs, a targeted sync tries again this often. */
const BUSY_RETRY_MS = 15_000;
/** How often runs whose process died are looked for. */
const SWEEP_MS = 30_000;

/**
 * The run, opened in the request (so that a second click is refused at once by the one-running-run constraint), then
 * its steps in this process once the response has gone, on the background pool: page loads cannot queue ahead of a
 * sync's statements. `runInProcess` keeps the run's heartbeat.
 */
async function inBackground(runId: string, steps: RunSteps): Promise<RequestResult> {
  const runOn = await getBackgroundDb();
  // The run's lines carry the id of the request that started it, whenever the work is done.
  const ids = logContext();
  const background = () =>
    withLogContext(ids, () => runInProcess(runOn, runId, steps, {}, { notify: (id) => notifyAfterRun(runOn, id) })).catch((error) =>
      log.error("in-process sync crashed", { runId, error }),
    );
  return { ok: true, mode: "in-process", runId, background };
}

// One map per process (Next.js bundles instrumentation and the app apart, each with its own copy of this module).
const shared = globalThis as unknown as { __rosterSyncTimers?: Map<string, NodeJS.Timeout> };
const timers = (shared.__rosterSyncTimers ??= new Map<string, NodeJS.Timeout>());

function schedule(db: Db, integration: Target, delayMs: number, options: SyncOptions) {
  clearTimeout(timers.get(integration.id));
  const timer = setTimeout(() => {
    timers.delete(integration.id);
    void runQueuedChanges(db, integration, options).catch((error) =>
      log.error("targeted sync crashed", { integrationId: integration.id, error }),
    );
  }, delayMs);
  timer.unref();
  timers.set(integration.id, timer);
}

/** No targeted run starts from here on (the process is stopping): the queue waits in the database. */
export function stopScheduledRuns() {
  for (const timer of timers.values()) clearTimeout(timer);
  timers.clear();
}

/** One targeted run over what is queued; again while more is queued, later while another run is busy. */
export async function runQueuedChanges(db: Db, integration: Target, options: SyncOptions = {}) {
  const started = await startWebhookRun(db, {
    organizationId: integration.organizationId,
    integrationId: integration.id,
    worker: workerId(),
  });
  if (!started.started) {
    // Another sync runs: its snapshot may predate these changes.
    if (started.runId) schedule(db, integration, BUSY_RETRY_MS, options);
    return null;
  }
  const outcome = await runInProcess(db, started.runId, runSyncSteps, options, { notify: (id) => notifyAfterRun(db, id) });
  // More arrived meanwhile: another run. A failed run's changes went back on the queue; they wait for the next
  // delivery (or the nightly sync) rather than hammer a BambooHR that just failed.
  if (outcome.status !== "failed" && (await pendingCount(db, integration.id)) > 0) schedule(db, integration, DEBOUNCE_MS, options);
  return outcome;
}

/** Runs an earlier boot of this instance was running died with it; others' runs when their heartbeat goes stale. */
async function sweep(boot: boolean) {
  const db = await getDb();
  const failed = (boot ? await failOrphanedRuns(db, workerId()) : 0) + (await failInterruptedRuns(db));
  if (failed > 0) log.warn("interrupted sync runs marked failed", { failed });
}

export const inProcessRunner: JobRunner = {
  mode: "in-process",
  async sync(db, input) {
    const started = await startRun(db, { ...input, trigger: "manual", worker: workerId() });
    return started.started ? inBackground(started.runId, runSyncSteps) : { ok: false, error: BUSY };
  },
  async applyApproved(_db, input) {
    return inBackground(input.runId, runApprovedSteps);
  },
  // The queue is in the database: if this process stops, the next delivery or the nightly sync takes the changes.
  async changesQueued(db, integration) {
    schedule(db, integration, DEBOUNCE_MS, {});
  },
  async start() {
    const report = (error: unknown) => log.error("interrupted-run sweep failed", { error });
    await sweep(true).catch(report);
    setInterval(() => void sweep(false).catch(report), SWEEP_MS).unref();
  },
};
