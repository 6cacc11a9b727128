import { and, count, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { departments, knownDevices, sessions, syncPlanChunks, syncRecordErrors, userChanges, users } from "@/lib/db/schema";
import type { FieldChanges } from "@/lib/db/schema/sync-runs";
import { recordset, rowsOf } from "@/lib/db/bulk";
import { isDatabaseUnavailable } from "@/lib/db/outage";
import { isUniqueViolation } from "@/lib/db/error-codes";
import { storable } from "@/lib/text";
import { FIELDS, type Fields, type FieldValues } from "../fields";
import { RunClosedError } from "../run/lifecycle";
import { lockOpenRun, type Tx } from "../run/store";
import { claimItems, markApplied, pendingLinks, PLAN_CHUNK, type StoredItem } from "./plan-store";
import { isActivationOnly, type ActivationOnly, type PlannedUser } from "../plan/types";

export type ApplyContext = { organizationId: string; runId: string; fields?: Fields };

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

/** The users' columns a batch writes, with their SQL types: the BambooHR id, then each synced field's. */
function userColumns(fields: Fields): Record<string, string> {
  return Object.fromEntries([["bamboohr_id", "varchar"], ...fields.columns.map((c) => [c.name, c.type])]);
}

/** A planned user as a row of those columns (a department by its id). */
function userRow(p: PlannedUser, departmentIds: Map<string, string>, fields: Fields): Record<string, unknown> {
  const values = p as unknown as FieldValues;
  const row: Record<string, unknown> = { bamboohr_id: p.bamboohrId };
  for (const c of fields.columns) {
    const value = values[c.key];
    row[c.name] = c.department ? (typeof value === "string" ? (departmentIds.get(value) ?? null) : null) : value;
  }
  return row;
}

/**
 * The created user `u`'s audit changes, built by PostgreSQL from the row it stored: each field it was created with (a
 * value, not empty), from nothing, in the catalogue's order: `{"email":{"from":null,"to":…},…}`.
 */
function createdChanges(fields: Fields, departmentNames: SQL): SQL {
  const parts = fields.columns.map(({ key, name, department }) => {
    const value = department ? sql`(${departmentNames} ->> u.${sql.raw(name)}::text)` : sql.raw(`u.${name}`);
    return sql`case when ${value}::text <> '' then ${sql.raw(`'"${key}":{"from":null,"to":'`)} || to_json(${value})::text || '}' end`;
  });
  return sql`('{' || concat_ws(',', ${sql.join(parts, sql`, `)}) || '}')::json`;
}

/**
 * One INSERT for a whole batch of new users, with their audit rows. A new user whose manager exists already (new
 * managers come first in the plan) is linked here, not written twice. A row that clashes with a user made since the
 * plan fails the statement: the batch is then applied item by item, and that one row reported.
 */
function bulkInsert(ctx: ApplyContext, fields: Fields, rows: Array<Record<string, unknown>>, departmentIds: Map<string, string>): SQL {
  const used = new Set(rows.map((r) => r.department_id));
  const departmentNames = Object.fromEntries([...departmentIds].filter(([, id]) => used.has(id)).map(([name, id]) => [id, name]));
  const columns = userColumns(fields);
  const names = Object.keys(columns);
  return sql`with created as (
      insert into ${users} (organization_id, source, last_synced_at, manager_id, ${sql.raw(names.join(", "))})
      select ${ctx.organizationId}::uuid, 'bamboohr', now(), m.id, ${sql.raw(names.map((c) => `r.${c}`).join(", "))}
      from ${recordset(rows, { ...columns, manager_bamboo_id: "varchar" })}
      left join ${users} m on m.organization_id = ${ctx.organizationId} and m.bamboohr_id = r.manager_bamboo_id
      returning *
    ), audited as (
      insert into ${userChanges} (organization_id, run_id, user_id, action, changes)
      select ${ctx.organizationId}::uuid, ${ctx.runId}::uuid, u.id, 'create', ${createdChanges(fields, sql`${JSON.stringify(departmentNames)}::jsonb`)}
      from created as u
    )
    select bamboohr_id, manager_id from created`;
}

/** Fresh statistics of the users' keys, so that a growing first sync keeps finding managers by index. */
export async function analyzeUserKeys(db: Db) {
  await db.execute(sql`analyze ${users} (organization_id, bamboohr_id)`);
}

/** One UPDATE for a whole batch of users, whatever its size. */
function bulkUpdate(ctx: ApplyContext, fields: Fields, rows: Array<Record<string, unknown>>): SQL {
  const columns = userColumns(fields);
  return sql`update ${users} as u set source = 'bamboohr', last_synced_at = now(), updated_at = now(),
      ${sql.raw(
        Object.keys(columns)
          .map((c) => `${c} = r.${c}`)
          .join(", "),
      )}
    from ${recordset(rows, { id: "uuid", ...columns })}
    where u.id = r.id and u.organization_id = ${ctx.organizationId}`;
}

/** Only the activation columns: users missing from the report, and records whose other fields could not be synced. */
function bulkSetActivation(ctx: ApplyContext, rows: Array<{ id: string; p: ActivationOnly }>): SQL {
  const data = rows.map(({ id, p }) => ({
    id,
    active: p.active,
    deactivation_date: p.deactivationDate,
    code: p.inactiveReasonCode,
    reason: p.inactiveReason,
  }));
  return sql`update ${users} as u set active = r.active, deactivation_date = r.deactivation_date,
      inactive_reason_code = r.code, inactive_reason = r.reason, updated_at = now()
    from ${recordset(data, { id: "uuid", active: "boolean", deactivation_date: "date", code: "inactive_reason", reason: "varchar" })}
    where u.id = r.id and u.organization_id = ${ctx.organizationId}`;
}

/**
 * The sessions of these users end when they are inactive now, or are admins whose e-mail (their sign-in) changed;
 * an inactive user's known devices are forgotten too.
 */
function endSessionsOfClosed(ctx: ApplyContext, ids: string[]): SQL {
  const closed = sql`u.organization_id = ${ctx.organizationId} and u.id = any(${`{${ids.join(",")}}`}::uuid[])`;
  return sql`with ended as (
      delete from ${sessions} s using ${users} u where s.user_id = u.id and ${closed} and (not u.active or u.role = 'admin')
    )
    delete from ${knownDevices} d using ${users} u where d.user_id = u.id and ${closed} and not u.active`;
}

/** Accounts whose address BambooHR now gives to someone else are left without one, before anyone takes it. */
function releaseEmails(ctx: ApplyContext, ids: string[]): SQL {
  return sql`update ${users} as u set email = null, updated_at = now()
    from ${recordset(
      ids.map((id) => ({ id })),
      { id: "uuid" },
    )}
    where u.id = r.id and u.organization_id = ${ctx.organizationId}`;
}

/**
 * E-mails are unique per organization and checked row by row: users whose address changes first take a
 * placeholder, so that swaps and chains within the batch apply in one statement.
 */
function freeChangedEmails(ctx: ApplyContext, ids: string[]): SQL {
  return sql`update ${users} as u set email = u.id::text || '@renaming.invalid'
    from ${recordset(
      ids.map((id) => ({ id })),
      { id: "uuid" },
    )}
    where u.id = r.id and u.organization_id = ${ctx.organizationId}`;
}

function bulkAudit(ctx: ApplyContext, rows: Array<{ userId: string; action: string; changes: FieldChanges }>): SQL {
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
async function applyBulk(db: Db, ctx: ApplyContext, items: StoredItem[], departmentIds: Map<string, string>) {
  const fields = ctx.fields ?? FIELDS;
  await db.transaction(async (tx) => {
    await lockOpenRun(tx, ctx.runId, "share");
    if (!(await claimItems(tx, ctx.runId, items[0]))) return;
    const full = items.filter((i) => i.action !== "create" && !isActivationOnly(i.payload));
    const releasing = items.filter((i) => isActivationOnly(i.payload) && i.payload.releasesEmail).map((i) => i.userId!);
    if (releasing.length) await tx.execute(releaseEmails(ctx, releasing));
    const renamed = full.filter((i) => i.changes.email).map((i) => i.userId!);
    if (renamed.length) await tx.execute(freeChangedEmails(ctx, renamed));
    if (full.length)
      await tx.execute(
        bulkUpdate(
          ctx,
          fields,
          full.map((i) => ({ id: i.userId!, ...userRow(i.payload as PlannedUser, departmentIds, fields) })),
        ),
      );
    const activationOnly = items.filter((i) => isActivationOnly(i.payload));
    if (activationOnly.length)
      await tx.execute(
        bulkSetActivation(
          ctx,
          activationOnly.map((i) => ({ id: i.userId!, p: i.payload as ActivationOnly })),
        ),
      );
    const audit = [...full, ...activationOnly].map((i) => ({ userId: i.userId!, action: i.action, changes: i.changes }));
    if (audit.length) await tx.execute(bulkAudit(ctx, audit));
    // Access follows BambooHR at once: a deactivated user's sessions end with the batch that deactivates them.
    const closing = [...full, ...activationOnly].filter((i) => i.changes.active || i.changes.email).map((i) => i.userId!);
    if (closing.length) await tx.execute(endSessionsOfClosed(ctx, closing));
    // New users linked as they are created, or with no manager to link, leave nothing for the link step.
    const linked: string[] = [];
    for (const wave of managersFirst(items.filter((i) => i.action === "create"))) {
      const rows = wave.map((i) => {
        const p = i.payload as PlannedUser;
        return { ...userRow(p, departmentIds, fields), manager_bamboo_id: p.managerBambooId };
      });
      const inserted = rowsOf(
        (await tx.execute(bulkInsert(ctx, fields, rows, departmentIds))) as unknown as Array<{
          bamboohr_id: string;
          manager_id: string | null;
        }>,
      );
      const managerIds = new Map(inserted.map((r) => [r.bamboohr_id, r.manager_id]));
      for (const item of wave)
        if (managerIds.get(item.bamboohrId) || !(item.payload as PlannedUser).managerBambooId) linked.push(item.bamboohrId);
    }
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
export async function applyItems(db: Db, ctx: ApplyContext, items: StoredItem[], departmentIds: Map<string, string>) {
  if (items.length === 0) return;
  try {
    await applyBulk(db, ctx, items, departmentIds);
  } catch (error) {
    // A closed run stops here; a database that went away is not a bad row (the step waits for it and runs again).
    if (error instanceof RunClosedError || isDatabaseUnavailable(error)) throw error;
    if (items.length > 1) {
      for (const item of items) await applyItems(db, ctx, [item], departmentIds);
      return;
    }
    const [item] = items;
    await db.transaction(async (tx) => {
      await lockOpenRun(tx, ctx.runId);
      if (!(await claimItems(tx, ctx.runId, item))) return;
      await tx.insert(syncRecordErrors).values({
        runId: ctx.runId,
        bamboohrId: item.bamboohrId,
        employeeId: item.employeeId,
        name: item.name,
        reason:
          item.action === "create" && isUniqueViolation(error)
            ? "Not created: another user took this e-mail or BambooHR id after the plan was made."
            : storable(`Not applied: ${(error as Error).message.slice(0, 300)}`),
        skipped: true,
      });
      await markApplied(tx, ctx.runId, item);
    });
  }
}

/**
 * Sets every planned manager link (new users' and changed links) once all users exist, from the links each stored
 * chunk lists: one statement per ten chunks, nothing loaded into memory. Idempotent.
 */
export async function linkManagers(db: Db, ctx: ApplyContext, planSize: number) {
  // Many links after many users were just written: fresh statistics keep the join a look-up by key.
  if ((await pendingLinks(db, ctx.runId)) >= 1000) await analyzeUserKeys(db);
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
