import { and, eq, gt, min, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { integrations, pendingChanges } from "@/lib/db/schema";

// What a run leaves for the fast path when it ends: the queue of changed employees, and the watermark.

/** A full sync read everything up to its start; a few minutes earlier covers a clock that differs from BambooHR's. */
export const WATERMARK_OVERLAP_MS = 5 * 60_000;

/** After a successful run: the integration's watermark moves forward (never back). */
export async function advanceWatermark(db: Db, integrationId: string, to: Date) {
  await db
    .update(integrations)
    .set({ incrementalWatermark: sql`greatest(${integrations.incrementalWatermark}, ${to.toISOString()}::timestamptz)` })
    .where(eq(integrations.id, integrationId));
}

/** Employees BambooHR told us changed (webhook deliveries), queued once each. */
export async function queueChanges(db: Db, integrationId: string, bamboohrIds: string[]) {
  const unique = [...new Set(bamboohrIds)].filter((id) => id.length > 0 && id.length <= 64);
  if (unique.length === 0) return 0;
  await db
    .insert(pendingChanges)
    .values(unique.map((bamboohrId) => ({ integrationId, bamboohrId })))
    .onConflictDoUpdate({ target: [pendingChanges.integrationId, pendingChanges.bamboohrId], set: { receivedAt: new Date() } });
  return unique.length;
}

/** Seconds since the oldest watermark of the integrations with incremental syncs on (null: none has one). */
export async function oldestWatermarkAge(db: Db, now = new Date()): Promise<number | null> {
  const [row] = await db
    .select({ oldest: min(integrations.incrementalWatermark) })
    .from(integrations)
    .where(and(eq(integrations.enabled, true), gt(integrations.incrementalHours, 0)));
  return row?.oldest ? (now.getTime() - new Date(row.oldest).getTime()) / 1000 : null;
}
