import type { Db } from "@/lib/db";
import { inngestConfigured } from "@/lib/env";
import { log } from "@/lib/log/logger";
import { notifyRunOutcome } from "@/lib/notify/sync-email";
import { runInProcess, runSyncSteps, type SyncOptions } from "@/lib/sync/pipeline";
import { pendingCount, startWebhookRun } from "@/lib/sync/run/targeted";
import { workerId } from "@/lib/sync/run/worker";
import { inngest } from "./client";
import { changesReceived } from "./events";

/** Deliveries within this long of each other make one targeted sync. */
export const DEBOUNCE_MS = 3_000;
/** While another sync of the integration runs, a targeted sync tries again this often. */
export const BUSY_RETRY_MS = 15_000;

type Target = { id: string; organizationId: string };
const timers = new Map<string, NodeJS.Timeout>();

/**
 * After a delivery was queued: under Inngest one event (the function debounces per integration); without it,
 * the same in this process, debounced here. The queue is in the database, so nothing is lost if this process
 * stops: the next delivery, or the nightly full sync, takes the changes.
 */
export async function requestTargetedSync(db: Db, integration: Target, options: SyncOptions & { debounceMs?: number } = {}) {
  if (inngestConfigured()) {
    await inngest.send(changesReceived.create({ organizationId: integration.organizationId, integrationId: integration.id }));
    return;
  }
  schedule(db, integration, options.debounceMs ?? DEBOUNCE_MS, options);
}

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

/** In process: one targeted run over what is queued; again while more is queued, later while another run is busy. */
export async function runQueuedChanges(db: Db, integration: Target, options: SyncOptions = {}) {
  const started = await startWebhookRun(db, {
    organizationId: integration.organizationId,
    integrationId: integration.id,
    worker: workerId(),
  });
  if (!started.started) {
    if (started.runId) schedule(db, integration, BUSY_RETRY_MS, options); // another sync runs: its snapshot may predate these changes
    return null;
  }
  const outcome = await runInProcess(db, started.runId, runSyncSteps, options, { notify: (id) => notifyRunOutcome(db, id) });
  // More arrived meanwhile: another run. A failed run's changes went back on the queue; they wait for the next
  // delivery (or the nightly sync) rather than hammer a BambooHR that just failed.
  if (outcome.status !== "failed" && (await pendingCount(db, integration.id)) > 0) schedule(db, integration, DEBOUNCE_MS, options);
  return outcome;
}
