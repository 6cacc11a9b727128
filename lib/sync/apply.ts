import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { departments, syncPlanItems, syncRecordErrors, userChanges, users } from "@/lib/db/schema";
import type { FieldChanges, SyncPlanItem } from "@/lib/db/schema/sync-runs";
import type { MissingDeactivation, PlannedUser } from "./types";

type Ctx = { organizationId: string; runId: string };
type StoredItem = Pick<SyncPlanItem, "id" | "action" | "userId" | "bamboohrId" | "employeeId" | "name" | "changes" | "payload">;

/** Creates the departments the plan needs (exact names), returning name -> id for all of them. */
export async function ensureDepartments(db: Db, organizationId: string, names: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(names)];
  if (unique.length) {
    await db.insert(departments).values(unique.map((name) => ({ organizationId, name }))).onConflictDoNothing();
  }
  const rows = await db
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .where(eq(departments.organizationId, organizationId));
  return new Map(rows.map((r) => [r.name, r.id]));
}

function createdChanges(p: PlannedUser): FieldChanges {
  const changes: FieldChanges = {};
  for (const [k, v] of Object.entries(p)) {
    if (k !== "managerBambooId" && k !== "bamboohrId" && v !== null && v !== "") changes[k] = { from: null, to: v as string | boolean };
  }
  return changes;
}

function userValues(p: PlannedUser, departmentIds: Map<string, string>) {
  return {
    employeeId: p.employeeId,
    email: p.email,
    firstName: p.firstName,
    lastName: p.lastName,
    preferredName: p.preferredName,
    title: p.title,
    departmentId: p.department ? (departmentIds.get(p.department) ?? null) : null,
    phone: p.phone,
    location: p.location,
    active: p.active,
    deactivationDate: p.deactivationDate,
    inactiveReasonCode: p.inactiveReasonCode,
    inactiveReason: p.inactiveReason,
  };
}

/** UPDATE ... FROM (VALUES ...): one statement for a whole batch of users, whatever its size. */
function bulkUpdate(ctx: Ctx, rows: Array<{ id: string; p: PlannedUser }>, departmentIds: Map<string, string>): SQL {
  const values = rows.map(({ id, p }) => {
    const v = userValues(p, departmentIds);
    return sql`(${id}::uuid, ${p.bamboohrId}::varchar, ${v.employeeId}::varchar, ${v.email}::varchar, ${v.firstName}::varchar,
      ${v.lastName}::varchar, ${v.preferredName}::varchar, ${v.title}::varchar, ${v.departmentId}::uuid, ${v.phone}::varchar,
      ${v.location}::varchar, ${v.active}::boolean, ${v.deactivationDate}::date, ${v.inactiveReasonCode}::varchar, ${v.inactiveReason}::varchar)`;
  });
  return sql`update ${users} as u set
      bamboohr_id = v.bamboohr_id, source = 'bamboohr', employee_id = v.employee_id, email = v.email,
      first_name = v.first_name, last_name = v.last_name, preferred_name = v.preferred_name, title = v.title,
      department_id = v.department_id, phone = v.phone, location = v.location, active = v.active,
      deactivation_date = v.deactivation_date, inactive_reason_code = v.inactive_reason_code,
      inactive_reason = v.inactive_reason, last_synced_at = now(), updated_at = now()
    from (values ${sql.join(values, sql`, `)}) as v(id, bamboohr_id, employee_id, email, first_name, last_name,
      preferred_name, title, department_id, phone, location, active, deactivation_date, inactive_reason_code, inactive_reason)
    where u.id = v.id and u.organization_id = ${ctx.organizationId}`;
}

function bulkDeactivateMissing(ctx: Ctx, rows: Array<{ id: string; p: MissingDeactivation }>): SQL {
  const values = rows.map(({ id, p }) => sql`(${id}::uuid, ${p.deactivationDate}::date, ${p.inactiveReason}::varchar)`);
  return sql`update ${users} as u set active = false, deactivation_date = v.deactivation_date,
      inactive_reason_code = 'missing_from_bamboohr', inactive_reason = v.reason, updated_at = now()
    from (values ${sql.join(values, sql`, `)}) as v(id, deactivation_date, reason)
    where u.id = v.id and u.organization_id = ${ctx.organizationId}`;
}

/** Applies one batch of plan items in one transaction: users, audit rows, and the items marked applied. */
async function applyBulk(db: Db, ctx: Ctx, items: StoredItem[], departmentIds: Map<string, string>) {
  await db.transaction(async (tx) => {
    const audit: Array<typeof userChanges.$inferInsert> = [];
    const creates = items.filter((i) => i.action === "create");
    if (creates.length) {
      const inserted = await tx
        .insert(users)
        .values(
          creates.map((i) => {
            const p = i.payload as PlannedUser;
            return { organizationId: ctx.organizationId, source: "bamboohr" as const, bamboohrId: p.bamboohrId, lastSyncedAt: new Date(), ...userValues(p, departmentIds) };
          }),
        )
        .onConflictDoNothing()
        .returning({ id: users.id, bamboohrId: users.bamboohrId });
      const idByBamboo = new Map(inserted.map((r) => [r.bamboohrId!, r.id]));
      const lost: Array<typeof syncRecordErrors.$inferInsert> = [];
      for (const item of creates) {
        const id = idByBamboo.get(item.bamboohrId!);
        if (id) audit.push({ organizationId: ctx.organizationId, runId: ctx.runId, userId: id, action: "create", changes: createdChanges(item.payload as PlannedUser) });
        else lost.push({ runId: ctx.runId, bamboohrId: item.bamboohrId, employeeId: item.employeeId, name: item.name, reason: "Not created: another user took this e-mail or BambooHR id after the plan was made." });
      }
      if (lost.length) await tx.insert(syncRecordErrors).values(lost);
    }
    const full = items.filter((i) => i.action !== "create" && !(i.payload as MissingDeactivation).kind);
    if (full.length) await tx.execute(bulkUpdate(ctx, full.map((i) => ({ id: i.userId!, p: i.payload as PlannedUser })), departmentIds));
    const missing = items.filter((i) => (i.payload as MissingDeactivation).kind === "missing");
    if (missing.length) await tx.execute(bulkDeactivateMissing(ctx, missing.map((i) => ({ id: i.userId!, p: i.payload as MissingDeactivation }))));
    for (const item of [...full, ...missing]) {
      audit.push({ organizationId: ctx.organizationId, runId: ctx.runId, userId: item.userId!, action: item.action, changes: item.changes ?? {} });
    }
    if (audit.length) await tx.insert(userChanges).values(audit);
    await tx.update(syncPlanItems).set({ appliedAt: new Date() }).where(inArray(syncPlanItems.id, items.map((i) => i.id)));
  });
}

/**
 * Applies a batch; when the bulk statement fails (a row changed under us), applies item by item so one
 * bad row is reported and the others still land.
 */
export async function applyItems(db: Db, ctx: Ctx, items: StoredItem[], departmentIds: Map<string, string>) {
  if (items.length === 0) return;
  try {
    await applyBulk(db, ctx, items, departmentIds);
  } catch (error) {
    if (items.length === 1) {
      await db.transaction(async (tx) => {
        await tx.insert(syncRecordErrors).values({ runId: ctx.runId, bamboohrId: items[0].bamboohrId, employeeId: items[0].employeeId, name: items[0].name, reason: `Not applied: ${(error as Error).message.slice(0, 300)}` });
        await tx.update(syncPlanItems).set({ appliedAt: new Date() }).where(eq(syncPlanItems.id, items[0].id));
      });
      return;
    }
    for (const item of items) await applyItems(db, ctx, [item], departmentIds);
  }
}

/** Sets every planned manager link (creates and changed links) once all users exist; idempotent. */
export async function linkManagers(db: Db, ctx: Ctx, links: Array<{ bamboohrId: string; managerBambooId: string | null }>) {
  for (let i = 0; i < links.length; i += 2000) {
    const values = links.slice(i, i + 2000).map((l) => sql`(${l.bamboohrId}::varchar, ${l.managerBambooId}::varchar)`);
    await db.execute(sql`update ${users} as u set manager_id = m.id, updated_at = now()
      from (values ${sql.join(values, sql`, `)}) as v(bid, mbid)
      left join ${users} as m on m.organization_id = ${ctx.organizationId} and m.bamboohr_id = v.mbid
      where u.organization_id = ${ctx.organizationId} and u.bamboohr_id = v.bid and u.manager_id is distinct from m.id`);
  }
}

export async function unappliedItems(db: Db, runId: string, limit: number): Promise<StoredItem[]> {
  return db
    .select({
      id: syncPlanItems.id,
      action: syncPlanItems.action,
      userId: syncPlanItems.userId,
      bamboohrId: syncPlanItems.bamboohrId,
      employeeId: syncPlanItems.employeeId,
      name: syncPlanItems.name,
      changes: syncPlanItems.changes,
      payload: syncPlanItems.payload,
    })
    .from(syncPlanItems)
    .where(and(eq(syncPlanItems.runId, runId), sql`${syncPlanItems.appliedAt} is null`))
    .orderBy(syncPlanItems.position)
    .limit(limit);
}
