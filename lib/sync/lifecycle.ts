import type { SyncPhase, SyncRun, SyncStatus } from "@/lib/db/schema/sync-runs";

export type { SyncPhase, SyncStatus };

// The run lifecycle as people read it: one place for the words, used by the pages and the e-mail.
export const STATUS_LABEL: Record<SyncStatus, string> = {
  running: "Running",
  succeeded: "Succeeded",
  succeeded_with_warnings: "Succeeded with warnings",
  succeeded_with_errors: "Succeeded with errors",
  needs_review: "Needs review",
  discarded: "Discarded",
  superseded: "Superseded",
  failed: "Failed",
};

export const PHASE_LABEL: Record<SyncPhase, string> = {
  starting: "Starting",
  fetching: "Reading BambooHR",
  fetched: "Read BambooHR",
  planning: "Comparing",
  planned: "Compared",
  held: "Held for review",
  approved: "Approved, reading BambooHR again",
  applying: "Applying changes",
  linking_managers: "Linking managers",
  done: "Done",
  failed: "Failed",
  discarded: "Discarded",
  superseded: "Superseded by a newer sync",
};

export type Tone = "green" | "amber" | "red" | "blue" | "gray";
export function statusTone(status: SyncStatus): Tone {
  if (status === "succeeded") return "green";
  if (status === "succeeded_with_errors" || status === "succeeded_with_warnings" || status === "needs_review") return "amber";
  if (status === "failed") return "red";
  if (status === "running") return "blue";
  return "gray";
}

/** Statuses after which a run never changes again. */
export const FINISHED_STATUSES: readonly SyncStatus[] = [
  "succeeded",
  "succeeded_with_warnings",
  "succeeded_with_errors",
  "failed",
  "discarded",
  "superseded",
];

/** A run that may no longer be written by the worker that holds it (ended, taken over, held, or never approved). */
export class RunClosedError extends Error {
  constructor(
    readonly runId: string,
    readonly status: SyncStatus,
  ) {
    super(`Sync run ${runId} is not open for changes (${STATUS_LABEL[status]}): nothing more is applied from it.`);
    this.name = "RunClosedError";
  }
}

/** Only a running run whose plan was not held, or was approved by an admin, may change users. */
export function isWritable(run: Pick<SyncRun, "status" | "holdReason" | "approvedBy">): boolean {
  return run.status === "running" && (run.holdReason === null || run.approvedBy !== null);
}
