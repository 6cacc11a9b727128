import { and, count, desc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "@/lib/db";
import { syncRuns, userChanges, users } from "@/lib/db/schema";

export const HISTORY_PAGE_SIZE = 20;
const actor = alias(users, "actor");

/** Everything that happened to one person, newest first: each sync run's change and each admin's edit. */
export async function userHistory(db: Db, organizationId: string, userId: string, page = 1) {
  const where = and(eq(userChanges.organizationId, organizationId), eq(userChanges.userId, userId));
  const [entries, [{ total }]] = await Promise.all([
    db
      .select({
        id: userChanges.id,
        action: userChanges.action,
        changes: userChanges.changes,
        at: userChanges.createdAt,
        runId: userChanges.runId,
        trigger: syncRuns.trigger,
        actorFirstName: actor.firstName,
        actorLastName: actor.lastName,
        actorEmail: actor.email,
      })
      .from(userChanges)
      .leftJoin(syncRuns, eq(syncRuns.id, userChanges.runId))
      .leftJoin(actor, and(eq(actor.id, userChanges.changedBy), eq(actor.organizationId, organizationId)))
      .where(where)
      .orderBy(desc(userChanges.createdAt), desc(userChanges.id))
      .limit(HISTORY_PAGE_SIZE)
      .offset((Math.max(1, page) - 1) * HISTORY_PAGE_SIZE),
    db.select({ total: count() }).from(userChanges).where(where),
  ]);
  return {
    entries: entries.map((e) => ({
      ...e,
      by: e.runId
        ? { kind: "run" as const, runId: e.runId, trigger: e.trigger }
        : { kind: "admin" as const, name: e.actorEmail ? `${e.actorFirstName} ${e.actorLastName}`.trim() || e.actorEmail : "an admin" },
    })),
    total,
    pages: Math.max(1, Math.ceil(total / HISTORY_PAGE_SIZE)),
  };
}
