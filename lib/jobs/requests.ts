import type { Db } from "@/lib/db";
import { approveRun } from "@/lib/sync/run/approval";
import { runningRun } from "@/lib/sync/run/store";
import { connectionOf, getIntegration } from "@/lib/sync/source";
import { jobRunner } from "./current-runner";
import { BUSY, type RequestResult, type Target } from "./runner";

/** Sync now: refused at once while a run of the integration is in progress; else the runner takes it. */
export async function requestSync(db: Db, organizationId: string, requestedBy: string | null): Promise<RequestResult> {
  const integration = await getIntegration(db, organizationId);
  if (!integration || connectionOf(integration) === "not_connected") return { ok: false, error: "Connect BambooHR first." };
  if (await runningRun(db, integration.id)) return { ok: false, error: BUSY };
  return (await jobRunner()).sync(db, { organizationId, integrationId: integration.id, requestedBy });
}

/** Approve a held run (stored: who and when); it then reads BambooHR again and applies what still stands. */
export async function requestApproval(db: Db, organizationId: string, runId: string, approvedBy: string): Promise<RequestResult> {
  const approved = await approveRun(db, organizationId, runId, approvedBy);
  if (!approved.ok) return approved;
  return (await jobRunner()).applyApproved(db, { organizationId, runId, approvedBy });
}

/** A webhook delivery was queued: a targeted sync of the integration takes it. */
export async function requestTargetedSync(db: Db, integration: Target) {
  await (await jobRunner()).changesQueued(db, integration);
}
