import { and, eq, gt } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { syncRuns } from "@/lib/db/schema";
import { inngestConfigured } from "@/lib/env";
import { log } from "@/lib/log/logger";
import { notifyRunOutcome } from "@/lib/notify/sync-email";
import { continueRun } from "@/lib/sync/pipeline";
import { approveRun as markApproved, STALE_RUN_MS, startRun } from "@/lib/sync/run";
import { getIntegration } from "@/lib/sync/settings";
import { inngest } from "./client";
import { syncApproved, syncRequested } from "./events";

export type RequestResult =
  { ok: true; mode: "inngest" | "in-process"; runId: string | null; background?: () => Promise<unknown> } | { ok: false; error: string };

const notify = (db: Db) => ({ notify: (runId: string) => notifyRunOutcome(db, runId) });

/**
 * Sync Now. With Inngest configured, one event for the durable function; without it, the same step
 * sequence in this process: the run row is opened here (so a second click is refused at once) and
 * `background` carries the rest, for the caller to run after the response.
 */
export async function requestSync(db: Db, organizationId: string, requestedBy: string | null): Promise<RequestResult> {
  const integration = await getIntegration(db, organizationId);
  if (!integration?.enabled) return { ok: false, error: "Connect BambooHR first." };
  const [running] = await db
    .select({ id: syncRuns.id })
    .from(syncRuns)
    .where(
      and(
        eq(syncRuns.integrationId, integration.id),
        eq(syncRuns.status, "running"),
        gt(syncRuns.heartbeatAt, new Date(Date.now() - STALE_RUN_MS)),
      ),
    );
  if (running) return { ok: false, error: "A sync is already running. Its progress is shown below; start another once it has finished." };
  if (inngestConfigured()) {
    await inngest.send(
      syncRequested.create({ organizationId, integrationId: integration.id, trigger: "manual", ...(requestedBy ? { requestedBy } : {}) }),
    );
    return { ok: true, mode: "inngest", runId: null };
  }
  const started = await startRun(db, { organizationId, integrationId: integration.id, trigger: "manual", requestedBy });
  if (!started.started)
    return { ok: false, error: "A sync is already running. Its progress is shown below; start another once it has finished." };
  const background = () =>
    continueRun(db, started.runId, {}, false, notify(db)).catch((error) =>
      log.error("in-process sync crashed", { runId: started.runId, error }),
    );
  return { ok: true, mode: "in-process", runId: started.runId, background };
}

/** Approve a held run: it goes back to "running", then its stored plan is applied (Inngest or in process). */
export async function requestApproval(db: Db, organizationId: string, runId: string, approvedBy: string | null): Promise<RequestResult> {
  // Back to "running" fails while another run of the integration is in progress (one at a time).
  const approved = await markApproved(db, organizationId, runId).catch(() => null);
  if (approved === null) return { ok: false, error: "Another sync is running. Approve this one once it has finished." };
  if (!approved) return { ok: false, error: "This run is no longer waiting for review." };
  if (inngestConfigured()) {
    await inngest.send(syncApproved.create({ organizationId, runId, ...(approvedBy ? { approvedBy } : {}) }));
    return { ok: true, mode: "inngest", runId };
  }
  const background = () =>
    continueRun(db, runId, {}, true, notify(db)).catch((error) => log.error("in-process apply crashed", { runId, error }));
  return { ok: true, mode: "in-process", runId, background };
}
