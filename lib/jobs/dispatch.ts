import { and, eq, not } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { syncRuns } from "@/lib/db/schema";
import { inngestConfigured } from "@/lib/env";
import { getIntegration } from "@/lib/sync/source";
import { log } from "@/lib/log/logger";
import { notifyRunOutcome } from "@/lib/notify/sync-email";
import { approveRun } from "@/lib/sync/run/approval";
import { runApprovedSteps, runInProcess, runSyncSteps, type RunSteps } from "@/lib/sync/pipeline";
import { interrupted, startRun } from "@/lib/sync/run/store";
import { workerId } from "@/lib/sync/run/worker";
import { inngest } from "./client";
import { syncApproved, syncRequested } from "./events";

export type RequestResult =
  { ok: true; mode: "inngest" | "in-process"; runId: string | null; background?: () => Promise<unknown> } | { ok: false; error: string };

const BUSY = "A sync is already running. Its progress is shown below; start another once it has finished.";

type Request = {
  event: Parameters<typeof inngest.send>[0];
  open: () => Promise<string | null>;
  steps: RunSteps;
  /** Where the in-process steps run their statements (the web process gives them their own pool). */
  runOn?: Db;
};

/**
 * The one place that decides where a run's steps execute: with Inngest configured, one event for the
 * durable function; without it, the run is opened here (so a second click is refused at once) and the
 * same steps run in this process, in `background` for the caller to start after the response.
 */
async function dispatch(db: Db, request: Request): Promise<RequestResult> {
  if (inngestConfigured()) {
    await inngest.send(request.event);
    return { ok: true, mode: "inngest", runId: null };
  }
  const runId = await request.open();
  if (!runId) return { ok: false, error: BUSY };
  const runOn = request.runOn ?? db;
  const background = () =>
    runInProcess(runOn, runId, request.steps, {}, { notify: (id) => notifyRunOutcome(runOn, id) }).catch((error) =>
      log.error("in-process sync crashed", { runId, error }),
    );
  return { ok: true, mode: "in-process", runId, background };
}

/** Sync Now. */
export async function requestSync(db: Db, organizationId: string, requestedBy: string | null, runOn?: Db): Promise<RequestResult> {
  const integration = await getIntegration(db, organizationId);
  if (!integration?.enabled) return { ok: false, error: "Connect BambooHR first." };
  const [running] = await db
    .select({ id: syncRuns.id })
    .from(syncRuns)
    .where(and(eq(syncRuns.integrationId, integration.id), eq(syncRuns.status, "running"), not(interrupted())));
  if (running) return { ok: false, error: BUSY };
  const input = { organizationId, integrationId: integration.id, trigger: "manual" as const };
  return dispatch(db, {
    event: syncRequested.create({ ...input, ...(requestedBy ? { requestedBy } : {}) }),
    open: async () => {
      const started = await startRun(db, { ...input, requestedBy, worker: workerId() });
      return started.started ? started.runId : null;
    },
    steps: runSyncSteps,
    runOn,
  });
}

/** Approve a held run (stored: who and when); it then reads BambooHR again and applies what still stands. */
export async function requestApproval(
  db: Db,
  organizationId: string,
  runId: string,
  approvedBy: string,
  runOn?: Db,
): Promise<RequestResult> {
  const approved = await approveRun(db, organizationId, runId, approvedBy);
  if (!approved.ok) return approved;
  return dispatch(db, {
    // The event id makes a repeated send of the same approval one delivery.
    event: syncApproved.create({ organizationId, runId, approvedBy }, { id: `approve-${runId}` }),
    open: async () => runId,
    steps: runApprovedSteps,
    runOn,
  });
}
