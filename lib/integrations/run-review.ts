import { and, asc, count, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { pageParam } from "@/lib/route-params";
import type { Db } from "@/lib/db";
import { mailOutbox, syncPlanItems, syncRecordErrors, syncRuns, userChanges, users, type SyncRun } from "@/lib/db/schema";
import type { FieldChanges } from "@/lib/db/schema/sync-runs";

const REVIEW_PAGE_SIZE = 50;
export const RUN_CSV_HEADER = "name,email,employee_id,kind,changes,reason";

/** What happened to each person in a run, as an admin filters it. */
export const REVIEW_KINDS = ["created", "updated", "deactivated", "reactivated", "skipped", "error"] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];
/** Kinds that come from the run's record problems: not synced at all, or a lesser problem (a manager link...). */
const PROBLEM_KINDS: readonly ReviewKind[] = ["skipped", "error"];
const ACTION_OF: Record<Exclude<ReviewKind, "skipped" | "error">, "create" | "update" | "deactivate" | "reactivate"> = {
  created: "create",
  updated: "update",
  deactivated: "deactivate",
  reactivated: "reactivate",
};
const KIND_OF = Object.fromEntries(Object.entries(ACTION_OF).map(([k, a]) => [a, k])) as Record<string, ReviewKind>;

export const reviewQuerySchema = z.object({
  kind: z.enum(REVIEW_KINDS).optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
  page: pageParam,
});
export type ReviewQuery = z.infer<typeof reviewQuerySchema>;

type ReviewRow = {
  id: string;
  kind: ReviewKind;
  userId: string | null;
  name: string;
  email: string | null;
  employeeId: string | null;
  changes: FieldChanges;
  reason: string | null;
};

const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * A run's changes, one page at a time, on the server: what it changed (applied runs: the audit), or, while it is
 * held, what it would change (its plan, deactivations first, each with its reason), and the records it could not sync.
 */
function sources(run: SyncRun, query: Pick<ReviewQuery, "q">) {
  const held = run.status === "needs_review";
  const search = query.q ? like(query.q) : null;
  if (held) {
    const email = sql<string | null>`${syncPlanItems.payload}->>'email'`;
    const where = (extra?: SQL) =>
      and(
        eq(syncPlanItems.runId, run.id),
        extra,
        search ? or(ilike(syncPlanItems.name, search), sql`${email} ilike ${search}`) : undefined,
      );
    return {
      where,
      select: (db: Db) =>
        db
          .select({
            id: sql<string>`${syncPlanItems.position}::text`,
            action: syncPlanItems.action,
            userId: syncPlanItems.userId,
            name: syncPlanItems.name,
            email,
            employeeId: syncPlanItems.employeeId,
            changes: syncPlanItems.changes,
          })
          .from(syncPlanItems),
      order: [sql`${syncPlanItems.action} <> 'deactivate'`, asc(syncPlanItems.position)],
      action: syncPlanItems.action,
      table: syncPlanItems,
    };
  }
  // A person without a name goes by their e-mail.
  const name = sql<string>`coalesce(nullif(trim(${users.firstName} || ' ' || ${users.lastName}), ''), ${users.email})`;
  const where = (extra?: SQL) =>
    and(
      eq(userChanges.runId, run.id),
      eq(userChanges.organizationId, run.organizationId),
      extra,
      search ? or(sql`${name} ilike ${search}`, ilike(users.email, search)) : undefined,
    );
  return {
    where,
    select: (db: Db) =>
      db
        .select({
          id: userChanges.id,
          action: userChanges.action,
          userId: userChanges.userId,
          name,
          email: users.email,
          employeeId: users.employeeId,
          changes: userChanges.changes,
        })
        .from(userChanges)
        .leftJoin(users, eq(users.id, userChanges.userId)),
    order: [asc(users.lastName), asc(users.firstName), asc(userChanges.id)],
    action: userChanges.action,
    table: userChanges,
  };
}

export async function runReview(db: Db, organizationId: string, runId: string, query: ReviewQuery, pageSize = REVIEW_PAGE_SIZE) {
  const [run] = await db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.id, runId), eq(syncRuns.organizationId, organizationId)));
  if (!run) return null;
  const src = sources(run, query);
  const search = query.q ? like(query.q) : null;
  const errorWhere = and(
    eq(syncRecordErrors.runId, run.id),
    search ? or(ilike(syncRecordErrors.name, search), ilike(syncRecordErrors.employeeId, search)) : undefined,
  );
  // The chips: how many of each kind (with the search applied), whatever kind is shown.
  const grouped = await (src.table === userChanges
    ? db
        .select({ action: userChanges.action, n: count() })
        .from(userChanges)
        .leftJoin(users, eq(users.id, userChanges.userId))
        .where(src.where())
        .groupBy(userChanges.action)
    : db.select({ action: syncPlanItems.action, n: count() }).from(syncPlanItems).where(src.where()).groupBy(syncPlanItems.action));
  const problems = await db
    .select({ skipped: syncRecordErrors.skipped, n: count() })
    .from(syncRecordErrors)
    .where(errorWhere)
    .groupBy(syncRecordErrors.skipped);
  const counts = Object.fromEntries(REVIEW_KINDS.map((k) => [k, 0])) as Record<ReviewKind, number>;
  for (const g of grouped) if (KIND_OF[g.action]) counts[KIND_OF[g.action]] = g.n;
  for (const p of problems) counts[p.skipped ? "skipped" : "error"] = p.n;

  const offset = (query.page - 1) * pageSize;
  let rows: ReviewRow[];
  let total: number;
  if (query.kind && PROBLEM_KINDS.includes(query.kind)) {
    const kind = query.kind;
    total = counts[kind];
    const found = await db
      .select()
      .from(syncRecordErrors)
      .where(and(errorWhere, eq(syncRecordErrors.skipped, kind === "skipped")))
      .orderBy(asc(syncRecordErrors.name), asc(syncRecordErrors.id))
      .limit(pageSize)
      .offset(offset);
    rows = found.map((e) => ({
      id: e.id,
      kind,
      userId: null,
      name: e.name ?? "(no name)",
      email: null,
      employeeId: e.employeeId,
      changes: {},
      reason: e.reason,
    }));
  } else {
    const changeKind = query.kind as keyof typeof ACTION_OF | undefined;
    const extra = changeKind ? eq(src.action, ACTION_OF[changeKind]) : undefined;
    total = changeKind
      ? counts[changeKind]
      : Object.entries(counts).reduce((n, [k, v]) => (PROBLEM_KINDS.includes(k as ReviewKind) ? n : n + v), 0);
    const found = await src
      .select(db)
      .where(src.where(extra))
      .orderBy(...src.order)
      .limit(pageSize)
      .offset(offset);
    rows = found.map((r) => ({
      id: r.id,
      kind: KIND_OF[r.action],
      userId: r.userId,
      name: r.name ?? "(no name)",
      email: r.email,
      employeeId: r.employeeId,
      changes: (r.changes ?? {}) as FieldChanges,
      reason: null,
    }));
  }
  return { run, counts, rows, total, pages: Math.max(1, Math.ceil(total / pageSize)) };
}

/** Every row of a run's review (the same filter, no paging) in batches, for the CSV download. */
export async function* iterateRunReview(db: Db, organizationId: string, runId: string, query: Omit<ReviewQuery, "page">) {
  for (let page = 1; ; page++) {
    const result = await runReview(db, organizationId, runId, { ...query, page }, 1000);
    if (!result) return;
    yield* result.rows;
    if (page >= result.pages) return;
  }
}

/** The welcome e-mails a run's activations sent (Admin → Sign-in): how many in each state, and to whom (the first 50). */
export async function runWelcomes(db: Db, organizationId: string, runId: string) {
  const ofRun = and(eq(userChanges.runId, runId), eq(mailOutbox.organizationId, organizationId), eq(mailOutbox.kind, "welcome"));
  const from = () =>
    db
      .select({ status: mailOutbox.status, n: count() })
      .from(mailOutbox)
      .innerJoin(userChanges, eq(userChanges.id, mailOutbox.userChangeId));
  const counts = await from().where(ofRun).groupBy(mailOutbox.status);
  const first = await db
    .select({ recipients: mailOutbox.recipients })
    .from(mailOutbox)
    .innerJoin(userChanges, eq(userChanges.id, mailOutbox.userChangeId))
    .where(ofRun)
    .orderBy(asc(mailOutbox.createdAt))
    .limit(50);
  const of = (status: string) => counts.find((c) => c.status === status)?.n ?? 0;
  return { sent: of("sent"), queued: of("queued"), failed: of("failed"), to: first.map((r) => r.recipients[0]) };
}
