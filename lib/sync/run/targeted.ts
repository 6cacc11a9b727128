import { and, desc, eq, gt, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { integrations, pendingChanges, syncRuns, type Integration } from "@/lib/db/schema";
import { WATERMARK_OVERLAP_MS } from "./watermark";
import { startRun, type StartInput, type StartResult } from "./store";

/**
 * Targeted syncs (a webhook's changes, an incremental sync's): only some employees are read and planned, with
 * the rules of a full sync, and nobody is deactivated for being absent (the nightly full sync does that).
 */

/** Employees a webhook run takes from the queue; the rest wait for the next run. */
const TARGETED_BATCH = 5_000;

/** Where an incremental sync starts: the recorded watermark, else the start of the last successful full sync. */
export async function incrementalSince(db: Db, integration: Pick<Integration, "id" | "incrementalWatermark">): Promise<Date | null> {
  if (integration.incrementalWatermark) return integration.incrementalWatermark;
  const [full] = await db
    .select({ startedAt: syncRuns.startedAt })
    .from(syncRuns)
    .where(
      and(
        eq(syncRuns.integrationId, integration.id),
        isNull(syncRuns.targetIds),
        inArray(syncRuns.status, ["succeeded", "succeeded_with_warnings", "succeeded_with_errors"]),
      ),
    )
    .orderBy(desc(syncRuns.startedAt))
    .limit(1);
  return full ? new Date(full.startedAt.getTime() - WATERMARK_OVERLAP_MS) : null;
}

export async function pendingCount(db: Db, integrationId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(pendingChanges)
    .where(eq(pendingChanges.integrationId, integrationId));
  return row.n;
}

/**
 * Opens a webhook run over the queued changes and takes them off the queue (a change queued again meanwhile
 * stays for the next run). Nothing queued: nothing started. Refused while another run is in progress.
 */
export async function startWebhookRun(db: Db, input: Omit<StartInput, "trigger" | "targetIds">): Promise<StartResult> {
  const queued = await db
    // As text: microseconds, which a JavaScript Date would round away.
    .select({ id: pendingChanges.bamboohrId, at: sql<string>`${pendingChanges.receivedAt}::text` })
    .from(pendingChanges)
    .where(eq(pendingChanges.integrationId, input.integrationId))
    .orderBy(pendingChanges.receivedAt)
    .limit(TARGETED_BATCH);
  if (queued.length === 0) return { runId: null, started: false, reason: "No changes are waiting." };
  const ids = queued.map((q) => q.id);
  const started = await startRun(db, { ...input, trigger: "webhook", targetIds: ids });
  if (started.started) {
    const upTo = queued.reduce((max, q) => (q.at > max ? q.at : max), queued[0].at);
    await db
      .delete(pendingChanges)
      .where(
        and(
          eq(pendingChanges.integrationId, input.integrationId),
          inArray(pendingChanges.bamboohrId, ids),
          lte(pendingChanges.receivedAt, sql`${upTo}::timestamptz`),
        ),
      );
  }
  return started;
}

/**
 * Integrations due for an incremental sync at `now`: enabled, on, with a full sync to start from, and none
 * started within their interval.
 */
export async function dueForIncremental(db: Db, now: Date) {
  const candidates = await db
    .select({
      organizationId: integrations.organizationId,
      integrationId: integrations.id,
      hours: integrations.incrementalHours,
      incrementalWatermark: integrations.incrementalWatermark,
    })
    .from(integrations)
    .where(and(eq(integrations.enabled, true), gt(integrations.incrementalHours, 0)));
  const due: Array<{ organizationId: string; integrationId: string }> = [];
  for (const c of candidates) {
    if (!(await incrementalSince(db, { id: c.integrationId, incrementalWatermark: c.incrementalWatermark }))) continue;
    // A few minutes of slack, so that an hourly tick a little early still counts.
    const since = new Date(now.getTime() - c.hours * 3_600_000 + 10 * 60_000);
    const [recent] = await db
      .select({ id: syncRuns.id })
      .from(syncRuns)
      .where(and(eq(syncRuns.integrationId, c.integrationId), eq(syncRuns.trigger, "incremental"), gt(syncRuns.startedAt, since)))
      .limit(1);
    if (!recent) due.push({ organizationId: c.organizationId, integrationId: c.integrationId });
  }
  return due;
}
