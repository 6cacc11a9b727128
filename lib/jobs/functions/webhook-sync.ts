import { runSyncSteps } from "@/lib/sync/pipeline";
import { startWebhookRun } from "@/lib/sync/run/targeted";
import { changesReceived, changesReceivedSchema } from "../events";
import { syncFunction } from "./sync-function";

/** While another sync of the integration runs, wait this long between tries, this many times (an hour in all). */
export const BUSY_WAIT = "2m";
export const BUSY_TRIES = 30;

/**
 * The targeted sync of webhook deliveries. Deliveries for one integration within a few seconds make one run
 * (debounce); it takes every queued change, so a run that finds the queue empty (another took it) does nothing.
 * It never overlaps another sync of the integration: it waits for that one to end, then reads BambooHR itself.
 */
export const webhookSync = syncFunction({
  id: "bamboohr-webhook-sync",
  trigger: changesReceived,
  schema: changesReceivedSchema,
  flow: {
    debounce: { key: "event.data.integrationId", period: "5s", timeout: "1m" },
    concurrency: { key: "event.data.integrationId", limit: 1 },
  },
  open: async (db, data, { step, runId }) => {
    for (let attempt = 0; attempt < BUSY_TRIES; attempt++) {
      const started = (await step.run(`start-run-${attempt}`, () => startWebhookRun(db, { ...data, inngestRunId: runId }))) as Awaited<
        ReturnType<typeof startWebhookRun>
      >;
      if (started.started || !started.runId) return started;
      await step.sleep(`wait-for-running-sync-${attempt}`, BUSY_WAIT);
    }
    return {
      started: false,
      runId: null,
      reason: "Another sync kept running; the changes stay queued for the next delivery or the nightly sync.",
    };
  },
  steps: runSyncSteps,
});
