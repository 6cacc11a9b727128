import { and, count, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { departments, syncPlanChunks, syncRecordErrors, userChanges, users } from "@/lib/db/schema";
import type { FieldChanges } from "@/lib/db/schema/sync-runs";
import { recordset, rowsOf } from "@/lib/db/bulk";
import { isDatabaseUnavailable } from "@/lib/db/outage";
import { isUniqueViolation } from "@/lib/db/error-codes";
import { log } from "@/lib/log/logger";
import { RunClosedError } from "./lifecycle";
import { lockOpenRun, type Tx } from "./runs";
import { claimItems, markApplied, pendingLinks, PLAN_CHUNK, type StoredItem } from "./plan-store";
import { isActivationOnly, type ActivationOnly, type PlannedUser } from "./types";

type Ctx = { organizationId: string; runId: string };

/** Creates the departments the plan needs (exact names), returning name -> id for all of them. */
export async function ensureDepartments(db: Db, organizationId: string, names: string[]): Promise<Map<string, string>> {
  // In one order, so that two batches applied side by side never wait for each other's names in turn.
  const unique = [...new Set(names)].sort();
  if (unique.length) {
    await db
      .insert(departments)
      .values(unique.map((name) => ({ organizationId, name })))
      .onConflictDoNothing();
  }
  const rows = await db
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .where(eq(departments.organizationId, organizationId));
  return new Map(rows.map((r) => [r.name, r.id]));
}

const USER_COLUMNS = {
  id: "uuid",
  bamboohr_id: "varchar",
  employee_id: "varchar",
  email: "varchar",
  first_name: "varchar",
  last_name: "varchar",
  preferred_name: "varchar",
  title: "varchar",
  department_id: "uuid",
  phone: "varchar",
  location: "varchar",
  start_date: "date",
  active: "boolean",
  deactivation_date: "date",
  inactive_reason_code: "varchar",
  inactive_reason: "varchar",
};
const SET_COLUMNS = Object.keys(USER_COLUMNS).filter((c) => c !== "id");

function userRow(id: string | null, p: PlannedUser, departmentIds: Map<string, string>) {
  return {
    id,
    bamboohr_id: p.bamboohrId,
    employee_id: p.employeeId,
    email: p.email,
    first_name: p.firstName,
    last_name: p.lastName,
    preferred_name: p.preferredName,
    title: p.title,
    department_id: p.department ? (departmentIds.get(p.department) ?? null) : null,
    phone: p.phone,
    location: p.location,
    start_date: p.startDate,
    active: p.active,
    deactivation_date: p.deactivationDate,
    inactive_reason_code: p.inactiveReasonCode,
    inactive_reason: p.inactiveReason,
  };
}

/** A new user's audit row lists each field it was created with (a value, not empty), from nothing, in this order. */
const CREATED_FIELDS: Array<[key: keyof PlannedUser, column: string]> = [
  ["employeeId", "employee_id"],
  ["email", "email"],
  ["firstName", "first_name"],
  ["lastName", "last_name"],
  ["preferredName", "preferred_name"],
  ["title", "title"],
  ["department", "department"],
  ["phone", "phone"],
  ["location", "location"],
  ["startDate", "start_date"],
  ["active", "active"],
  ["deactivationDate", "deactivation_date"],
  ["inactiveReasonCode", "inactive_reason_code"],
  ["inactiveReason", "inactive_reason"],
];

/** The created user `u`'s audit changes, built by PostgreSQL from the row it stored: `{"email":{"from":null,"to":…},…}`. */
function createdChanges(departmentNames: SQL): SQL {
  const value = (column: string) =>
    column === "department" ? sql`(${departmentNames} ->> u.department_id::text)` : sql.raw(`u.${column}`);
  const fields = CREATED_FIELDS.map(
    ([key, column]) =>
      sql`case when ${value(column)}::text <> '' then ${sql.raw(`'"${key}":{"from":null,"to":'`)} || to_json(${value(column)})::text || '}' end`,
  );
  return sql`('{' || concat_ws(',', ${sql.join(fields, sql`, `)}) || '}')::json`;
}

/**
 * One INSERT for a whole batch of new users, with their audit rows. A new user whose manager exists already (new
 * managers come in earlier batches) is linked here, not written twice. A row that clashes with a user made since the
 * plan fails the statement (no ON CONFLICT: its check of every unique index before each row was 8% of PostgreSQL's
 * time in a first sync): the batch is then applied item by item, and that one row reported.
 */
function bulkInsert(ctx: Ctx, rows: Array<Record<string, unknown>>, departmentIds: Map<string, string>): SQL {
  const used = new Set(rows.map((r) => r.department_id));
  const departmentNames = Object.fromEntries([...departmentIds].filter(([, id]) => used.has(id)).map(([name, id]) => [id, name]));
  const managers = [...new Set(rows.map((r) => r.manager_bamboo_id).filter((m) => m !== null))];
  // The managers by their keys alone (one look-up each in the (organization, BambooHR id) index), not a join with the
  // organization's users, which PostgreSQL planned as a read of all of them while a first sync makes them many.
  return sql`with m as materialized (
      select id, bamboohr_id from ${users}
      where organization_id = ${ctx.organizationId}
        and bamboohr_id = any(array(select json_array_elements_text(${JSON.stringify(managers)}::json)))
    ), created as (
      insert into ${users} (organization_id, source, last_synced_at, manager_id, ${sql.raw(SET_COLUMNS.join(", "))})
      select ${ctx.organizationId}::uuid, 'bamboohr', now(), m.id, ${sql.raw(SET_COLUMNS.map((c) => `r.${c}`).join(", "))}
      from ${recordset(rows, { ...USER_COLUMNS, manager_bamboo_id: "varchar" })}
      left join m on m.bamboohr_id = r.manager_bamboo_id
      returning *
    ), audited as (
      insert into ${userChanges} (organization_id, run_id, user_id, action, changes)
      select ${ctx.organizationId}::uuid, ${ctx.runId}::uuid, u.id, 'create', ${createdChanges(sql`${JSON.stringify(departmentNames)}::jsonb`)}
      from created as u
    )
    select bamboohr_id, manager_id from created`;
}

/**
 * Takes the statistics of the users' keys again when PostgreSQL thinks the organization has less than a third of the
 * users it has at least (`atLeast`: the plan items applied before this batch), as in a first sync of thousands: planned
 * from such statistics, a batch's managers were looked up by reading every user of the organization.
 */
export async function refreshStaleKeyStatistics(db: Db, organizationId: string, atLeast: number) {
  if (atLeast < 1000) return;
  try {
    const [row] = rowsOf(
      (await db.execute(sql`explain (format json) select 1 from ${users} where organization_id = ${organizationId}`)) as unknown as Array<{
        "QUERY PLAN": unknown;
      }>,
    );
    const plan = row["QUERY PLAN"];
    const estimate = (typeof plan === "string" ? JSON.parse(plan) : plan) as Array<{ Plan: { "Plan Rows": number } }>;
    if (3 * estimate[0].Plan["Plan Rows"] < atLeast) await db.execute(sql`analyze ${users} (organization_id, bamboohr_id)`);
  } catch (error) {
    // Only a speed matter; a database that went away shows in the batch that follows.
    log.warn("could not refresh the users' statistics", { error: (error as Error).message });
  }
}

/** One UPDATE for a whole batch of users, whatever its size. */
function bulkUpdate(ctx: Ctx, rows: Array<Record<string, unknown>>): SQL {
  return sql`update ${users} as u set source = 'bamboohr', last_synced_at = now(), updated_at = now(),
      ${sql.raw(SET_COLUMNS.map((c) => `${c} = r.${c}`).join(", "))}
    from ${recordset(rows, USER_COLUMNS)}
    where u.id = r.id and u.organization_id = ${ctx.organizationId}`;
}

/** Only the activation columns: users missing from the report, and records whose other fields could not be synced. */
function bulkSetActivation(ctx: Ctx, rows: Array<{ id: string; p: ActivationOnly }>): SQL {
  const data = rows.map(({ id, p }) => ({
    id,
    active: p.active,
    deactivation_date: p.deactivationDate,
    code: p.inactiveReasonCode,
    reason: p.inactiveReason,
  }));
  return sql`update ${users} as u set active = r.active, deactivation_date = r.deactivation_date,
      inactive_reason_code = r.code, inactive_reason = r.reason, updated_at = now()
    from ${recordset(data, { id: "uuid", active: "boolean", deactivation_date: "date", code: "varchar", reason: "varchar" })}
    where u.id = r.id and u.organization_id = ${ctx.organizationId}`;
}

/**
 * E-mails are unique per organization and checked row by row: users whose address changes first take a
 * placeholder, so that swaps and chains within the batch apply in one statement.
 */
function freeChangedEmails(ctx: Ctx, ids: string[]): SQL {
  return sql`update ${users} as u set email = u.id::text || '@renaming.invalid'
    from ${recordset(
      ids.map((id) => ({ id })),
      { id: "uuid" },
    )}
    where u.id = r.id and u.organization_id = ${ctx.organizationId}`;
}

function bulkAudit(ctx: Ctx, rows: Array<{ userId: string; action: string; changes: FieldChanges }>): SQL {
  const data = rows.map((r) => ({ user_id: r.userId, action: r.action, changes: r.changes }));
  return sql`insert into ${userChanges} (organization_id, run_id, user_id, action, changes)
    select ${ctx.organizationId}::uuid, ${ctx.runId}::uuid, r.user_id, r.action::plan_action, r.changes
    from ${recordset(data, { user_id: "uuid", action: "text", changes: "json" })}`;
}

/**
 * New users in waves, one INSERT each: a user whose manager is created in the same batch comes in a later wave, so
 * that its INSERT sees the manager and links it (the plan puts managers first: most batches are one wave).
 */
function managersFirst(creates: StoredItem[]): StoredItem[][] {
  const waveOf = new Map<string, number>();
  const waves: StoredItem[][] = [];
  for (const item of creates) {
    const manager = (item.payload as PlannedUser).managerBambooId;
    const wave = manager !== null && waveOf.has(manager) ? waveOf.get(manager)! + 1 : 0;
    waveOf.set(item.bamboohrId, wave);
    (waves[wave] ??= []).push(item);
  }
  return waves.filter(Boolean);
}

/** Applies one batch of plan items in one transaction: users, audit rows, and their chunk's cursor past them. */
async function applyBulk(db: Db, ctx: Ctx, items: StoredItem[], departmentIds: Map<string, string>) {
  await db.transaction(async (tx) => {
    await lockOpenRun(tx, ctx.runId, "share");
    if (!(await claimItems(tx, ctx.runId, items[0]))) return;
    const audit: Array<{ userId: string; action: string; changes: FieldChanges }> = [];
    const linked: string[] = [];
    const full = items.filter((i) => i.action !== "create" && !isActivationOnly(i.payload));
    const renamed = full.filter((i) => i.changes?.email).map((i) => i.userId!);
    if (renamed.length) await tx.execute(freeChangedEmails(ctx, renamed));
    if (full.length)
      await tx.execute(
        bulkUpdate(
          ctx,
          full.map((i) => userRow(i.userId!, i.payload as PlannedUser, departmentIds)),
        ),
      );
    const activationOnly = items.filter((i) => isActivationOnly(i.payload));
    if (activationOnly.length) {
      await tx.execute(
        bulkSetActivation(
          ctx,
          activationOnly.map((i) => ({ id: i.userId!, p: i.payload as ActivationOnly })),
        ),
      );
    }
    for (const item of [...full, ...activationOnly]) audit.push({ userId: item.userId!, action: item.action, changes: item.changes ?? {} });
    const creates = items.filter((i) => i.action === "create");
    for (const wave of managersFirst(creates)) {
      const inserted = (await tx.execute(
        bulkInsert(
          ctx,
          wave.map((i) => ({
            ...userRow(null, i.payload as PlannedUser, departmentIds),
            manager_bamboo_id: (i.payload as PlannedUser).managerBambooId,
          })),
          departmentIds,
        ),
      )) as unknown as Array<{ bamboohr_id: string; manager_id: string | null }>;
      // Linked as created, or with no manager to link: nothing left for the link step.
      const managerIds = new Map(rowsOf(inserted).map((r) => [r.bamboohr_id, r.manager_id]));
      for (const item of wave)
        if (managerIds.get(item.bamboohrId) || !(item.payload as PlannedUser).managerBambooId) linked.push(item.bamboohrId);
    }
    if (audit.length) await tx.execute(bulkAudit(ctx, audit));
    if (items.some((i) => i.action === "deactivate")) await assertAnAdminRemains(tx, ctx.organizationId);
    await markApplied(tx, ctx.runId, items[items.length - 1], linked);
  });
}

/** The plan keeps the last admin active; this holds even if admins changed since the plan was made. */
async function assertAnAdminRemains(tx: Tx, organizationId: string) {
  const [{ admins, active }] = await tx
    .select({ admins: count(), active: sql<number>`count(*) filter (where ${users.active})`.mapWith(Number) })
    .from(users)
    .where(and(eq(users.organizationId, organizationId), eq(users.role, "admin")));
  if (admins > 0 && active === 0) throw new Error(`Not deactivated: this is the organization's last active admin.`);
}

/**
 * Applies a batch; when the bulk statement fails (a row changed under us), applies item by item so one
 * bad row is reported and the others still land. A run that was closed meanwhile, or a database outage, stops here.
 */
export async function applyItems(db: Db, ctx: Ctx, items: StoredItem[], departmentIds: Map<string, string>) {
  if (items.length === 0) return;
  try {
    await applyBulk(db, ctx, items, departmentIds);
  } catch (error) {
    // A closed run stops here; a database that went away is not a bad row (the step waits for it and runs again).
    if (error instanceof RunClosedError || isDatabaseUnavailable(error)) throw error;
    if (items.length === 1) {
      await db.transaction(async (tx) => {
        await lockOpenRun(tx, ctx.runId, "share");
        if (!(await claimItems(tx, ctx.runId, items[0]))) return;
        await tx.insert(syncRecordErrors).values({
          runId: ctx.runId,
          bamboohrId: items[0].bamboohrId,
          employeeId: items[0].employeeId,
          name: items[0].name,
          reason:
            items[0].action === "create" && isUniqueViolation(error)
              ? "Not created: another user took this e-mail or BambooHR id after the plan was made."
              : `Not applied: ${(error as Error).message.slice(0, 300)}`,
          skipped: true,
        });
        await markApplied(tx, ctx.runId, items[0]);
      });
      return;
    }
    for (const item of items) await applyItems(db, ctx, [item], departmentIds);
  }
}

/**
 * Sets every planned manager link (new users' and changed links) once all users exist, from the links each stored
 * chunk lists: one statement per ten chunks, nothing loaded into memory. Idempotent.
 */
export async function linkManagers(db: Db, ctx: Ctx, planSize: number) {
  // Many links after many users were just written: fresh statistics (of the joined columns) keep the join an index
  // lookup per row. Most new users were linked as they were created, and their links are gone from the lists.
  if ((await pendingLinks(db, ctx.runId)) >= 1000) await db.execute(sql`analyze ${users} (organization_id, bamboohr_id)`);
  const chunks = Math.ceil(planSize / PLAN_CHUNK);
  for (let from = 0; from < chunks; from += 10) {
    await db.execute(sql`update ${users} as u set manager_id = m.id, updated_at = now()
      from ${syncPlanChunks} as c
      cross join lateral json_to_recordset(c.links::json) as l(b varchar, m varchar)
      left join ${users} as m on m.organization_id = ${ctx.organizationId} and m.bamboohr_id = l.m
      where c.run_id = ${ctx.runId} and c.position >= ${from} and c.position < ${from + 10}
        and u.organization_id = ${ctx.organizationId} and u.bamboohr_id = l.b
        and u.manager_id is distinct from m.id`);
  }
}
