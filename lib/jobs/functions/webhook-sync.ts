import { getDb } from "@/lib/db";
import { notifyRunOutcome } from "@/lib/notify/sync-email";
import { runSyncSteps } from "@/lib/sync/pipeline";
import { startWebhookRun } from "@/lib/sync/run/targeted";
import { inngest } from "../client";
import { changesReceived, changesReceivedSchema } from "../events";
import { handleSyncFailure } from "../failure";
import { INNGEST_SYNC_OPTIONS, inngestSteps } from "../inngest-steps";

/** While another sync of the integration runs, wait this long between tries, this many times (an hour in all). */
export const BUSY_WAIT = "2m";
export const BUSY_TRIES = 30;

/**
 * The targeted sync of webhook deliveries. Deliveries for one integration within a few seconds make one run
 * (debounce); it takes every queued change, so a run that finds the queue empty (another took it) does nothing.
 * It never overlaps another sync of the integration: it waits for that one to end, then reads BambooHR itself.
 */
export const webhookSync = inngest.createFunction(
  {
    id: "bamboohr-webhook-sync",
    triggers: [changesReceived],
    debounce: { key: "event.data.integrationId", period: "5s", timeout: "1m" },
    concurrency: { key: "event.data.integrationId", limit: 1 },
    retries: 4,
    onFailure: async ({ event, error }) => handleSyncFailure({ inngestRunId: event.data.run_id, message: error.message }),
  },
  async ({ event, step, runId }) => {
    const data = changesReceivedSchema.parse(event.data);
    const db = await getDb();
    for (let attempt = 0; attempt < BUSY_TRIES; attempt++) {
      const started = await step.run(`start-run-${attempt}`, () => startWebhookRun(db, { ...data, inngestRunId: runId }));
      if (started.started) {
        const { status } = await runSyncSteps(db, started.runId, inngestSteps(step), INNGEST_SYNC_OPTIONS, {
          notify: (id) => notifyRunOutcome(db, id),
        });
        return { runId: started.runId, status };
      }
      if (!started.runId) return { skipped: true, reason: started.reason };
      await step.sleep(`wait-for-running-sync-${attempt}`, BUSY_WAIT);
    }
    return { skipped: true, reason: "Another sync kept running; the changes stay queued for the next delivery or the nightly sync." };
  },
);
