import { getDb } from "@/lib/db";
import { log } from "@/lib/log/logger";
import { failInterruptedRuns, failOrphanedRuns } from "@/lib/sync/run/store";
import { workerId } from "@/lib/sync/run/worker";

const SWEEP_MS = 30_000;

/**
 * In the web process, from boot: the runs an earlier boot of this instance was running (a restart during an
 * in-process Sync now) are marked failed at once; runs whose heartbeat went stale (another instance died) at
 * boot and then every `SWEEP_MS`. The page shows what happened and Sync now works again.
 */
export async function startInterruptedRunSweeper() {
  const sweep = async (boot = false) => {
    const db = await getDb();
    const failed = (boot ? await failOrphanedRuns(db, workerId()) : 0) + (await failInterruptedRuns(db));
    if (failed > 0) log.warn("interrupted sync runs marked failed", { failed });
  };
  await sweep(true).catch((error) => log.error("interrupted-run sweep failed", { error }));
  setInterval(() => void sweep().catch((error) => log.error("interrupted-run sweep failed", { error })), SWEEP_MS).unref();
}
