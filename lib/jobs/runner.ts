import type { Db } from "@/lib/db";

/** A run asked for: where it runs, and (in process) the work to start once the response has gone. */
export type RequestResult =
  { ok: true; mode: JobRunner["mode"]; runId: string | null; background?: () => Promise<unknown> } | { ok: false; error: string };

export type Target = { id: string; organizationId: string };

export const BUSY = "A sync is already running. Its progress is shown below; start another once it has finished.";

/**
 * Who runs a sync: Inngest (durable steps, retried one by one) or this process. The callers say "run this"; only the
 * runner knows how. Both run the same steps of lib/sync.
 */
export type JobRunner = {
  mode: "inngest" | "in-process";
  /** A full sync an admin asked for (the integration is connected, and nothing was running a moment ago). */
  sync(db: Db, input: { organizationId: string; integrationId: string; requestedBy: string | null }): Promise<RequestResult>;
  /** A held run an admin approved (marked approved already): it reads BambooHR again and applies what still stands. */
  applyApproved(db: Db, input: { organizationId: string; runId: string; approvedBy: string }): Promise<RequestResult>;
  /** Employees BambooHR says changed were queued: a targeted sync takes them soon. */
  changesQueued(db: Db, integration: Target): Promise<void>;
  /** At boot: whatever the runner keeps going in the background. */
  start(): Promise<void>;
};
