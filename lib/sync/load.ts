import { and, eq, sql } from "drizzle-orm";
import { REPORT_FIELDS } from "@/lib/bamboohr/api-types";
import type { BambooEmployee } from "@/lib/bamboohr/normalize";
import type { Db } from "@/lib/db";
import { pipelined, rowsOf } from "@/lib/db/bulk";
import { departments, syncStagedEmployees, users } from "@/lib/db/schema";
import { allKeysOf, type ExistingUser } from "./types";

/**
 * Roster's side of the comparison, one query for the whole organization. Written as SQL with dates as text and
 * mapped here: at 100,000 users the ORM's row mapping cost as much again as the query.
 */
export async function loadExistingUsers(db: Db, organizationId: string): Promise<ExistingUser[]> {
  const result = await db.execute<ExistingUser>(sql`select u.id, u.bamboohr_id as "bamboohrId", u.source, u.role, u.email,
      u.employee_id as "employeeId", u.first_name as "firstName", u.last_name as "lastName", u.preferred_name as "preferredName",
      u.title, d.name as department, u.manager_id as "managerId", m.bamboohr_id as "managerBambooId", u.phone, u.location,
      u.start_date::text as "startDate", u.active, u.deactivation_date::text as "deactivationDate",
      u.inactive_reason_code as "inactiveReasonCode", u.inactive_reason as "inactiveReason"
    from ${users} u
    left join ${departments} d on d.id = u.department_id
    left join ${users} m on m.id = u.manager_id
    where u.organization_id = ${organizationId}`);
  return rowsOf(result as unknown as ExistingUser[] | { rows: ExistingUser[] });
}

export async function loadDepartmentNames(db: Db, organizationId: string): Promise<string[]> {
  const rows = await db.select({ name: departments.name }).from(departments).where(eq(departments.organizationId, organizationId));
  return rows.map((r) => r.name);
}

/** Records per staged chunk: a few MB of JSON each, so that staging 100,000 records is tens of rows, not 100,000. */
const STAGE_CHUNK = 5_000;

/**
 * The snapshot a step of this process just staged, handed to the plan step of the same run in the same process
 * (a sync without Inngest, or Inngest calling this process again), so that it is not parsed back from the database
 * a second time. Only a shortcut: the staged rows stay the truth, and any other process or retry reads them.
 */
const handoff = new Map<string, BambooEmployee[]>();

/**
 * A staged record is the array of its values (the report's fields, then the flags): the keys, repeated in every
 * record, were more than half of the text to make, send and store (41 MB at 100,000 employees, against 19 MB now).
 */
const STAGED_FIELDS = allKeysOf<BambooEmployee>()([...REPORT_FIELDS, "flags"]);

const toStaged = (e: BambooEmployee) => STAGED_FIELDS.map((field) => e[field]);

/** A staged record back; one staged as an object (before the arrays) is read as it is. */
function fromStaged(record: unknown[] | BambooEmployee): BambooEmployee {
  if (!Array.isArray(record)) return record;
  const e: Record<string, unknown> = {};
  STAGED_FIELDS.forEach((field, i) => (e[field] = record[i] ?? (field === "flags" ? [] : null)));
  return e as BambooEmployee;
}

/** Keeps the fetched snapshot in the database, so later steps (and retries) read it from there. */
export async function stageSnapshot(db: Db, runId: string, employees: BambooEmployee[]) {
  handoff.delete(runId);
  await db.delete(syncStagedEmployees).where(eq(syncStagedEmployees.runId, runId));
  await pipelined(Math.ceil(employees.length / STAGE_CHUNK), (position) =>
    db
      .insert(syncStagedEmployees)
      .values({
        runId,
        position,
        records: JSON.stringify(employees.slice(position * STAGE_CHUNK, (position + 1) * STAGE_CHUNK).map(toStaged)),
      })
      .execute(),
  );
  handoff.set(runId, employees);
}

export async function loadStaged(db: Db, runId: string): Promise<BambooEmployee[]> {
  const handed = handoff.get(runId);
  if (handed) {
    handoff.delete(runId); // read once: a step run again reads the database, like any other process
    return handed;
  }
  const employees: BambooEmployee[] = [];
  // A chunk at a time: only one chunk's text is held beside the records.
  for (let position = 0; ; position++) {
    const [chunk] = await db
      .select({ records: syncStagedEmployees.records })
      .from(syncStagedEmployees)
      .where(and(eq(syncStagedEmployees.runId, runId), eq(syncStagedEmployees.position, position)));
    if (!chunk) return employees;
    for (const record of JSON.parse(chunk.records) as Array<unknown[] | BambooEmployee>) employees.push(fromStaged(record));
  }
}

export async function clearStaged(db: Db, runId: string) {
  handoff.delete(runId);
  await db.execute(sql`delete from ${syncStagedEmployees} where ${syncStagedEmployees.runId} = ${runId}`);
}
