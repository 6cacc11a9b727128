import { getDb } from "@/lib/db";
import { notifyRunOutcome } from "@/lib/notify/sync-email";
import { runSyncSteps } from "@/lib/sync/pipeline";
import { startRun } from "@/lib/sync/run/store";
import { inngest } from "../client";
import { syncRequested, syncRequestedSchema } from "../events";
import { handleSyncFailure } from "../failure";
import { INNGEST_SYNC_OPTIONS, inngestSteps } from "../inngest-steps";

export const syncIntegration = inngest.createFunction(
  {
    id: "bamboohr-sync-integration",
    triggers: [syncRequested],
    // One run per integration at a time; a request while one runs is skipped (the UI says so first).
    singleton: { key: "event.data.integrationId", mode: "skip" },
    retries: 4,
    onFailure: async ({ event, error }) => handleSyncFailure({ inngestRunId: event.data.run_id, message: error.message }),
  },
  async ({ event, step, runId }) => {
    const data = syncRequestedSchema.parse(event.data);
    const db = await getDb();
    // Keyed by the Inngest run id (this step run again finds the run it opened) and by the event's id (the same
    // event delivered twice, say the nightly fan-out run twice, starts one run).
    const started = await step.run("start-run", () =>
      startRun(db, { ...data, requestedBy: data.requestedBy ?? null, inngestRunId: runId, requestKey: event.id }),
    );
    if (!started.started) return { skipped: true, reason: started.reason, runId: started.runId };
    const { status } = await runSyncSteps(db, started.runId, inngestSteps(step), INNGEST_SYNC_OPTIONS, {
      notify: (id) => notifyRunOutcome(db, id),
    });
    return { runId: started.runId, status };
  },
);
