import { getBackgroundDb } from "@/lib/db";
import { log } from "@/lib/log/logger";
import { failRunsOfWorker } from "@/lib/sync/run/store";
import { workerId } from "@/lib/sync/run/worker";
import { stopScheduledRuns } from "./in-process-runner";

/** The process exits by then, whatever is still running. */
const EXIT_WITHIN_MS = 9_000;

export const SHUTDOWN_MESSAGE =
  "Roster was shut down while this sync ran. Every batch it applied is complete and nothing else was changed; press Sync now (or wait for the nightly sync) to run it again.";

// Per process, not per bundle (Next.js bundles instrumentation and the app apart).
const state = globalThis as unknown as { __rosterStopping?: boolean };

/** The process is stopping: readiness says so, so that a load balancer sends requests elsewhere. */
export const isShuttingDown = () => state.__rosterStopping === true;

/**
 * On SIGTERM (a deploy, `docker stop`): Next.js stops taking requests and waits for the work of the ones it served,
 * which includes an in-process sync. That sync ends here, at once, as failed with a plain message (every batch is a
 * transaction, so nothing is half-applied), and the next Sync now starts a new one; its steps stop at their next
 * write. Whatever still runs, the process exits within ten seconds.
 */
export async function shutDown(): Promise<void> {
  if (state.__rosterStopping) return;
  state.__rosterStopping = true;
  setTimeout(() => process.exit(143), EXIT_WITHIN_MS).unref();
  stopScheduledRuns();
  try {
    const ended = await failRunsOfWorker(await getBackgroundDb(), workerId(), SHUTDOWN_MESSAGE);
    log.info("shutting down", { syncsEnded: ended });
  } catch (error) {
    log.error("shutting down: the running syncs could not be ended; the sweep of the next boot ends them", { error });
  }
}

/**
 * Output that goes away (a log collector restarting closes the pipe) must not take the server with it: a write to a
 * closed stdout or stderr fails with EPIPE, and unheard, that error is thrown, logged to the same closed pipe, and
 * thrown again, at full CPU. Errors of the two streams are heard and dropped; the server keeps serving.
 */
export function keepServingWhenOutputCloses() {
  for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});
}
