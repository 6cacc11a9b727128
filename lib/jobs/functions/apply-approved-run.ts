import { getDb } from "@/lib/db";
import { notifyRunOutcome } from "@/lib/notify/sync-email";
import { runApprovedSteps } from "@/lib/sync/pipeline";
import { inngest } from "../client";
import { syncApproved, syncApprovedSchema } from "../events";
import { handleSyncFailureForRun } from "../failure";
import { INNGEST_SYNC_OPTIONS, inngestSteps } from "../inngest-steps";

/**
 * Applies a run the safeguard held, once an admin approved it. The event only names the run: every step
 * checks that the run is running and was approved by an admin (stored on the run), whatever event arrives.
 */
export const applyApprovedRun = inngest.createFunction(
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
    const { status } = await runApprovedSteps(db, data.runId, inngestSteps(step), INNGEST_SYNC_OPTIONS, {
      notify: (id) => notifyRunOutcome(db, id),
    });
    return { runId: data.runId, status };
  },
);
