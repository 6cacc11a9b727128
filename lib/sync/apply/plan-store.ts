import { and, asc, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { pipelined, recordset } from "@/lib/db/bulk";
import { syncPlanChunks, syncPlanItems, type SyncRun } from "@/lib/db/schema";
import type { Tx } from "../run/store";
import type { FieldChanges } from "@/lib/db/schema/sync-runs";
import { FIELDS, type Fields } from "../fields";
import { isActivationOnly, type ActivationOnly, type PlanItem, type PlannedUser } from "../plan/types";

/** Plan items per stored chunk, and so per apply batch: a batch reads one row. */
export const PLAN_CHUNK = 2500;

/** A plan item as the apply steps read it back: its place in the plan and what it does. */
export type StoredItem = PlanItem & { position: number };

/**
 * The manager links a chunk sets once every user exists: its new users' and its changed links (null: none). A new
 * user linked as it is created (its manager existed already) leaves the list then.
 */
function linksOf(items: PlanItem[]): Array<{ b: string; m: string | null }> {
  const links: Array<{ b: string; m: string | null }> = [];
  for (const item of items) {
    if ("managerBambooId" in item.payload && (item.action === "create" || item.changes.manager))
      links.push({ b: item.bamboohrId, m: item.payload.managerBambooId });
  }
  return links;
}

/** A stored plan item is the array of its values, and a planned user's payload the array of its fields. */
type PackedItem = [PlanItem["action"], string | null, string, string | null, string, FieldChanges, unknown[] | ActivationOnly];

/** A planned user's fields in their stored order: the catalogue's, between the two BambooHR ids. */
const plannedFields = (fields: Fields) => Object.keys(fields.blank);

function packItem(item: PlanItem, order: string[]): PackedItem {
  const { payload } = item;
  const packed = isActivationOnly(payload) ? payload : order.map((field) => (payload as unknown as Record<string, unknown>)[field]);
  return [item.action, item.userId, item.bamboohrId, item.employeeId, item.name, item.changes, packed];
}

function unpackItem(item: PackedItem, position: number, fields: Fields, order: string[]): StoredItem {
  const [action, userId, bamboohrId, employeeId, name, changes, packed] = item;
  let payload: PlannedUser | ActivationOnly;
  if (Array.isArray(packed)) {
    const user: Record<string, unknown> = { ...fields.blank };
    order.forEach((field, i) => (user[field] = packed[i] ?? null));
    payload = user as PlannedUser;
  } else payload = packed;
  return { action, userId, bamboohrId, employeeId, name, changes, payload, position };
}

/** The plan of a run that applies: whole chunks of JSON, written once, read one batch at a time. */
export async function writePlanChunks(tx: Tx, runId: string, items: PlanItem[], fields: Fields = FIELDS) {
  const order = plannedFields(fields);
  await pipelined(Math.ceil(items.length / PLAN_CHUNK), (position) => {
    const chunk = items.slice(position * PLAN_CHUNK, (position + 1) * PLAN_CHUNK);
    return tx
      .insert(syncPlanChunks)
      .values({
        runId,
        position,
        size: chunk.length,
        items: JSON.stringify(chunk.map((item) => packItem(item, order))),
        links: JSON.stringify(linksOf(chunk)),
      })
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

/** A stored chunk with items left to apply: where its cursor is, and its items as stored (parsed when taken). */
export type PendingChunk = { position: number; size: number; applied: number; items: string };

/** The next `chunks` chunks with items left to apply, in position order. */
export async function readPendingChunks(db: Db, runId: string, chunks: number): Promise<PendingChunk[]> {
  return db
    .select({ position: syncPlanChunks.position, size: syncPlanChunks.size, applied: syncPlanChunks.applied, items: syncPlanChunks.items })
    .from(syncPlanChunks)
    .where(and(eq(syncPlanChunks.runId, runId), lt(syncPlanChunks.applied, syncPlanChunks.size)))
    .orderBy(asc(syncPlanChunks.position))
    .limit(chunks);
}

/** Up to `limit` items of a chunk from its cursor on, with their positions in the plan. */
export function itemsOf(chunk: PendingChunk, limit: number, fields: Fields = FIELDS): StoredItem[] {
  const order = plannedFields(fields);
  const packed = (JSON.parse(chunk.items) as PackedItem[]).slice(chunk.applied, chunk.applied + limit);
  return packed.map((item, i) => unpackItem(item, chunk.position * PLAN_CHUNK + chunk.applied + i, fields, order));
}

/** The next `chunks` chunks' items left to apply, up to `limit` of each. */
export async function readPendingBatches(
  db: Db,
  runId: string,
  chunks: number,
  limit: number,
  fields: Fields = FIELDS,
): Promise<StoredItem[][]> {
  return (await readPendingChunks(db, runId, chunks)).map((chunk) => itemsOf(chunk, limit, fields));
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

/**
 * In the same transaction: moves the chunk's cursor past the last item applied, and drops from its manager links
 * those of `linked` (new users linked as they were created): the links left are the ones still to set.
 */
export async function markApplied(tx: Tx, runId: string, last: StoredItem, linked: string[] = []) {
  const chunk = Math.floor(last.position / PLAN_CHUNK);
  const links = sql`(select coalesce(json_agg(l), '[]')::text from json_array_elements(${syncPlanChunks.links}::json) as l
    where l->>'b' not in (select json_array_elements_text(${JSON.stringify(linked)}::json)))`;
  await tx
    .update(syncPlanChunks)
    .set({ applied: last.position - chunk * PLAN_CHUNK + 1, ...(linked.length ? { links } : {}) })
    .where(and(eq(syncPlanChunks.runId, runId), eq(syncPlanChunks.position, chunk)));
}

/** How many manager links of the run's plan are left to set. */
export async function pendingLinks(db: Db, runId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`coalesce(sum(json_array_length(${syncPlanChunks.links}::json)), 0)`.mapWith(Number) })
    .from(syncPlanChunks)
    .where(eq(syncPlanChunks.runId, runId));
  return row.n;
}

/** How many items of the run's stored plan are applied: what its `processed` shows once a step is done. */
export async function appliedCount(db: Db | Tx, runId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`coalesce(sum(${syncPlanChunks.applied}), 0)`.mapWith(Number) })
    .from(syncPlanChunks)
    .where(eq(syncPlanChunks.runId, runId));
  return row.n;
}
