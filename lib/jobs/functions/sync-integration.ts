import { getDb } from "@/lib/db";
import { notifyRunOutcome } from "@/lib/notify/sync-email";
import { syncSteps } from "@/lib/sync/pipeline";
import { startRun } from "@/lib/sync/run";
import { inngest } from "../client";
import { syncRequested, syncRequestedSchema } from "../events";
import { handleSyncFailure } from "../failure";
import { inngestSteps } from "../steps";

export const syncIntegration = inngest.createFunction(
  {
    id: "bamboohr-sync-integration",
    triggers: [syncRequested],
    // One run per integration at a time; a request while one runs is skipped (the UI says so first).
    singleton: { key: "event.data.integrationId", mode: "skip" },
    retries: 4,
    onFailure: async ({ event, error }) => {
      const data = syncRequestedSchema.parse(event.data.event.data);
      return handleSyncFailure({ ...data, message: error.message });
    },
  },
  async ({ event, step }) => {
    const data = syncRequestedSchema.parse(event.data);
    const db = await getDb();
    const started = await step.run("start-run", () => startRun(db, { ...data, requestedBy: data.requestedBy ?? null }));
    if (!started.started) return { skipped: true, reason: started.reason, runId: started.runId };
    const { status } = await syncSteps(db, started.runId, inngestSteps(step), {}, { notify: (runId) => notifyRunOutcome(db, runId) });
    return { runId: started.runId, status };
  },
);
