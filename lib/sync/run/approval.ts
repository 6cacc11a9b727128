import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { syncRuns, users } from "@/lib/db/schema";

export type ApprovalResult = { ok: true } | { ok: false; error: string };

/**
 * An admin approves a held run. Only a run that is still held, is the integration's newest run and belongs to
 * the approver's organization, approved by an active admin of it; who and when are stored. The run goes back
 * to "running": it then reads BambooHR again and applies what still stands (see planApprovedRun).
 */
export async function approveRun(db: Db, organizationId: string, runId: string, approvedBy: string): Promise<ApprovalResult> {
  const [run] = await db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.id, runId), eq(syncRuns.organizationId, organizationId)));
  if (!run) return { ok: false, error: "No such run." };
  if (run.status === "superseded") return { ok: false, error: "A newer sync replaced this run; review that one instead." };
  if (run.status !== "needs_review") return { ok: false, error: "This run is no longer waiting for review." };
  const [newest] = await db
    .select({ id: syncRuns.id })
    .from(syncRuns)
    .where(eq(syncRuns.integrationId, run.integrationId))
    .orderBy(desc(syncRuns.startedAt))
    .limit(1);
  if (newest?.id !== run.id) return { ok: false, error: "A newer sync replaced this run; review that one instead." };
  const [admin] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, approvedBy), eq(users.organizationId, organizationId), eq(users.role, "admin"), eq(users.active, true)));
  if (!admin) return { ok: false, error: "Only an active admin of this organization can approve a sync." };
  try {
    const updated = await db
      .update(syncRuns)
      .set({ status: "running", phase: "approved", approvedBy, approvedAt: new Date(), finishedAt: null, heartbeatAt: new Date() })
      .where(and(eq(syncRuns.id, runId), eq(syncRuns.organizationId, organizationId), eq(syncRuns.status, "needs_review")))
      .returning({ id: syncRuns.id });
    if (updated.length === 0) return { ok: false, error: "This run is no longer waiting for review." };
  } catch {
    // The one-running-run index: another sync of this integration is in progress.
    return { ok: false, error: "Another sync is running. Approve this one once it has finished." };
  }
  return { ok: true };
}

export async function discardRun(db: Db, organizationId: string, runId: string) {
  const updated = await db
    .update(syncRuns)
    .set({ status: "discarded", phase: "discarded" })
    .where(and(eq(syncRuns.id, runId), eq(syncRuns.organizationId, organizationId), eq(syncRuns.status, "needs_review")))
    .returning({ id: syncRuns.id });
  return updated.length === 1;
}
