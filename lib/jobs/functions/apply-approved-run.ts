import { runApprovedSteps } from "@/lib/sync/pipeline";
import { syncApproved, syncApprovedSchema } from "../events";
import { syncFunction } from "./sync-function";

/**
 * Applies a run the safeguard held, once an admin approved it. The event only names the run: every step checks that
 * the run is running and was approved by an admin (stored on the run), whatever event arrives.
 */
export const applyApprovedRun = syncFunction({
  id: "bamboohr-apply-approved-run",
  trigger: syncApproved,
  schema: syncApprovedSchema,
  flow: { singleton: { key: "event.data.runId", mode: "skip" } },
  open: async (_db, data) => ({ started: true, runId: data.runId }),
  steps: runApprovedSteps,
});
