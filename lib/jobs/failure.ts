import { getDb } from "@/lib/db";
import { log } from "@/lib/log/logger";
import { notifyRunOutcome } from "@/lib/notify/sync-email";
import { failRun, runOfInngestRun } from "@/lib/sync/run/store";

/** A run that ran out of retries: marked failed (a connection failure counts towards the error state), then notified. */
export async function handleSyncFailureForRun(runId: string, message: string) {
  const db = await getDb();
  const result = await failRun(db, runId, message);
  await notifyRunOutcome(db, runId).catch((error) => log.error("failure notification not sent", { runId, error }));
  return { runId, ...result };
}

/** The sync function's failure handler: the failed Inngest run names its own sync run, never another one. */
export async function handleSyncFailure(input: { inngestRunId: string; message: string }) {
  const db = await getDb();
  const runId = await runOfInngestRun(db, input.inngestRunId);
  if (!runId) return { runId: null, enteredErrorState: false };
  return handleSyncFailureForRun(runId, input.message);
}
