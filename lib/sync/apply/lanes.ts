import type { Db } from "@/lib/db";
import type { Fields } from "../fields";
import { applyItems, ensureDepartments, type ApplyContext } from "./writer";
import { itemsOf, type PendingChunk, type StoredItem } from "./plan-store";

/**
 * Chunks of new users apply side by side, each in its own transaction on its own connection: a first sync is bound
 * by PostgreSQL's work per row (indexes, constraints), which two backends share. A chunk that changes existing users
 * applies alone, in plan order (e-mail swaps, the last-admin check).
 */
const APPLY_LANES = 2;

/**
 * Applies up to `limit` items of each chunk, in plan order, on `APPLY_LANES` lanes; returns how many it applied. A
 * chunk that is not only new users applies alone, when it comes first (else it waits for the next step). After a
 * failure no lane starts another chunk; the first failure is thrown once every lane has stopped.
 */
export async function applyChunks(db: Db, ctx: ApplyContext & { fields?: Fields }, chunks: PendingChunk[], limit: number) {
  let next = 0;
  let closed = false;
  const take = (): StoredItem[] | null => {
    if (closed || next >= chunks.length) return null;
    const items = itemsOf(chunks[next], limit, ctx.fields);
    const alone = items.some((i) => i.action !== "create");
    if (alone && next > 0) return ((closed = true), null);
    next++;
    closed = alone;
    return items;
  };
  let applied = 0;
  /** Chunks being applied, with the BambooHR ids of their new users. */
  const inFlight = new Map<Promise<void>, Set<string>>();
  const lane = async () => {
    for (let items = take(); items; items = take()) {
      // New users are linked to managers that exist as they are created: a chunk waits for the chunks in flight
      // that create its managers (the link step would otherwise rewrite each of those users).
      const managers = items.flatMap((i) =>
        "managerBambooId" in i.payload && i.payload.managerBambooId ? [i.payload.managerBambooId] : [],
      );
      const creating = [...inFlight].filter(([, ids]) => managers.some((m) => ids.has(m))).map(([done]) => done);
      const names = items.flatMap((i) => ("department" in i.payload && i.payload.department ? [i.payload.department] : []));
      const done = Promise.allSettled(creating)
        .then(() => ensureDepartments(db, ctx.organizationId, names))
        .then((ids) => applyItems(db, ctx, items, ids));
      inFlight.set(done, new Set(items.map((i) => i.bamboohrId))); // before this lane yields: the next chunk sees it
      try {
        await done;
      } catch (error) {
        closed = true;
        throw error;
      } finally {
        inFlight.delete(done);
      }
      applied += items.length;
    }
  };
  const outcomes = await Promise.allSettled(Array.from({ length: APPLY_LANES }, lane));
  const failed = outcomes.find((o) => o.status === "rejected");
  if (failed) throw failed.reason;
  return applied;
}
