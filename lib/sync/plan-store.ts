import { and, asc, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { pipelined, recordset } from "@/lib/db/bulk";
import { syncPlanChunks, syncPlanItems, type SyncRun } from "@/lib/db/schema";
import type { Tx } from "./runs";
import type { PlanItem } from "./types";

/** Plan items per stored chunk, and so per apply batch: a batch reads one row. */
export const PLAN_CHUNK = 2500;

/** A plan item as the apply steps read it back: its place in the plan and what it does. */
export type StoredItem = PlanItem & { position: number };

/** The manager links a chunk sets once every user exists: its new users' and its changed links (null: none). */
function linksOf(items: PlanItem[]): Array<{ b: string; m: string | null }> {
  const links: Array<{ b: string; m: string | null }> = [];
  for (const item of items) {
    if ("managerBambooId" in item.payload && (item.action === "create" || item.changes.manager))
      links.push({ b: item.bamboohrId, m: item.payload.managerBambooId });
  }
  return links;
}

/** The plan of a run that applies: whole chunks of JSON, written once, read one batch at a time. */
export async function writePlanChunks(tx: Tx, runId: string, items: PlanItem[]) {
  await pipelined(Math.ceil(items.length / PLAN_CHUNK), (position) => {
    const chunk = items.slice(position * PLAN_CHUNK, (position + 1) * PLAN_CHUNK);
    return tx
      .insert(syncPlanChunks)
      .values({ runId, position, size: chunk.length, items: JSON.stringify(chunk), links: JSON.stringify(linksOf(chunk)) })
      .execute();
  });
}

/** The plan of a held run: one row per item, for the review page (search, kinds, pages) and the approval. */
export async function writeReviewItems(tx: Tx, run: Pick<SyncRun, "id" | "organizationId">, items: PlanItem[]) {
  for (let i = 0; i < items.length; i += 5000) {
    const rows = items.slice(i, i + 5000).map((item, j) => ({
      position: i + j,
      action: item.action,
      user_id: item.userId,
      bamboohr_id: item.bamboohrId,
      employee_id: item.employeeId,
      name: item.name,
      changes: item.changes,
      payload: item.payload,
    }));
    await tx.execute(sql`insert into ${syncPlanItems} (run_id, organization_id, position, action, user_id, bamboohr_id, employee_id, name, changes, payload)
      select ${run.id}::uuid, ${run.organizationId}::uuid, r.position, r.action::plan_action, r.user_id, r.bamboohr_id, r.employee_id, r.name, r.changes, r.payload
      from ${recordset(rows, { position: "int", action: "text", user_id: "uuid", bamboohr_id: "varchar", employee_id: "varchar", name: "text", changes: "json", payload: "json" })}`);
  }
}

/** Removes whatever plan the run has stored, in either form. */
export async function deletePlan(tx: Tx, runId: string) {
  await tx.delete(syncPlanItems).where(eq(syncPlanItems.runId, runId));
  await tx.delete(syncPlanChunks).where(eq(syncPlanChunks.runId, runId));
}

/** The next `chunks` chunks with items left to apply, in position order: up to `limit` items of each, from its cursor. */
export async function readPendingBatches(db: Db, runId: string, chunks: number, limit: number): Promise<StoredItem[][]> {
  const rows = await db
    .select({ position: syncPlanChunks.position, applied: syncPlanChunks.applied, items: syncPlanChunks.items })
    .from(syncPlanChunks)
    .where(and(eq(syncPlanChunks.runId, runId), lt(syncPlanChunks.applied, syncPlanChunks.size)))
    .orderBy(asc(syncPlanChunks.position))
    .limit(chunks);
  return rows.map((row) => {
    const items = (JSON.parse(row.items) as StoredItem[]).slice(row.applied, row.applied + limit);
    items.forEach((item, i) => (item.position = row.position * PLAN_CHUNK + row.applied + i));
    return items;
  });
}

/**
 * In the transaction that applies items (in order, from one chunk): locks their chunk and says whether its cursor is
 * still at the first of them. False when the same step, run twice at once, applied them already: not again.
 */
export async function claimItems(tx: Tx, runId: string, first: StoredItem): Promise<boolean> {
  const chunk = Math.floor(first.position / PLAN_CHUNK);
  const [row] = await tx
    .select({ applied: syncPlanChunks.applied })
    .from(syncPlanChunks)
    .where(and(eq(syncPlanChunks.runId, runId), eq(syncPlanChunks.position, chunk)))
    .for("update");
  return row?.applied === first.position - chunk * PLAN_CHUNK;
}

/** In the same transaction: moves the chunk's cursor past the last item applied. */
export async function markApplied(tx: Tx, runId: string, last: StoredItem) {
  const chunk = Math.floor(last.position / PLAN_CHUNK);
  await tx
    .update(syncPlanChunks)
    .set({ applied: last.position - chunk * PLAN_CHUNK + 1 })
    .where(and(eq(syncPlanChunks.runId, runId), eq(syncPlanChunks.position, chunk)));
}

/** How many items of the run's stored plan are applied: what its `processed` shows once a step is done. */
export async function appliedCount(db: Db | Tx, runId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`coalesce(sum(${syncPlanChunks.applied}), 0)`.mapWith(Number) })
    .from(syncPlanChunks)
    .where(eq(syncPlanChunks.runId, runId));
  return row.n;
}
