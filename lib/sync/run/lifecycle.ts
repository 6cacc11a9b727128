import type { SyncRun, SyncStatus } from "@/lib/db/schema/sync-runs";

export type { SyncStatus };

/** A run that may no longer be written by the worker that holds it (ended, taken over, held, or never approved). */
export class RunClosedError extends Error {
  constructor(
    readonly runId: string,
    readonly status: SyncStatus,
  ) {
    const words = status.replaceAll("_", " ");
    super(`Sync run ${runId} is not open for changes (${words[0].toUpperCase()}${words.slice(1)}): nothing more is applied from it.`);
    this.name = "RunClosedError";
  }
}

/** Only a running run whose plan was not held, or was approved by an admin, may change users. */
export function isWritable(run: Pick<SyncRun, "status" | "holdReason" | "approvedBy">): boolean {
  return run.status === "running" && (run.holdReason === null || run.approvedBy !== null);
}
