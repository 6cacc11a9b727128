import { getDb } from "@/lib/db";
import { log } from "@/lib/log/logger";
import { failInterruptedRuns } from "@/lib/sync/runs";

const SWEEP_MS = 30_000;

/**
 * In the web process, from boot: runs whose worker died (a restart during an in-process Sync now) are marked
 * failed at once and then every 30 s, so the page shows what happened and Sync now works again within a minute.
 */
export async function startInterruptedRunSweeper() {
  const sweep = async () => {
    const failed = await failInterruptedRuns(await getDb());
    if (failed > 0) log.warn("interrupted sync runs marked failed", { failed });
  };
  await sweep().catch((error) => log.error("interrupted-run sweep failed", { error }));
  setInterval(() => void sweep().catch((error) => log.error("interrupted-run sweep failed", { error })), SWEEP_MS).unref();
}
