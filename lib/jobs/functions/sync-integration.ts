import { runSyncSteps } from "@/lib/sync/pipeline";
import { startRun } from "@/lib/sync/run/store";
import { syncRequested, syncRequestedSchema } from "../events";
import { syncFunction } from "./sync-function";

/**
 * Sync now and the nightly sync. One run per integration at a time; a request while one runs is skipped (the UI says so
 * first). The run is keyed by the Inngest run id (the step run again finds it) and by the event's id (the same event
 * delivered twice, say the nightly fan-out run twice, starts one run).
 */
export const syncIntegration = syncFunction({
  id: "bamboohr-sync-integration",
  trigger: syncRequested,
  schema: syncRequestedSchema,
  flow: { singleton: { key: "event.data.integrationId", mode: "skip" } },
  open: (db, data, { step, runId, eventId }) =>
    step.run("start-run", () =>
      startRun(db, { ...data, requestedBy: data.requestedBy ?? null, inngestRunId: runId, requestKey: eventId }),
    ) as ReturnType<typeof startRun>,
  steps: runSyncSteps,
});
