import { getDb } from "@/lib/db";
import { notifyRunOutcome } from "@/lib/notify/sync-email";
import { syncSteps } from "@/lib/sync/pipeline";
import { inngest } from "../client";
import { syncApproved, syncApprovedSchema } from "../events";
import { inngestSteps } from "../steps";
import { handleSyncFailureForRun } from "../failure";

/** Applies a plan the safeguard held, once an admin approved it (the run is already back to "running"). */
export const approveRun = inngest.createFunction(
  {
    id: "bamboohr-apply-approved-run",
    triggers: [syncApproved],
    singleton: { key: "event.data.runId", mode: "skip" },
    retries: 4,
    onFailure: async ({ event, error }) => {
      const data = syncApprovedSchema.parse(event.data.event.data);
      return handleSyncFailureForRun(data.runId, error.message);
    },
  },
  async ({ event, step }) => {
    const data = syncApprovedSchema.parse(event.data);
    const db = await getDb();
    const { status } = await syncSteps(db, data.runId, inngestSteps(step), {}, { notify: (runId) => notifyRunOutcome(db, runId) }, true);
    return { runId: data.runId, status };
  },
);
