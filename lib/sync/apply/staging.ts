import { and, eq, sql } from "drizzle-orm";
import { REPORT_FIELDS } from "@/lib/bamboohr/api-types";
import type { BambooEmployee } from "@/lib/bamboohr/normalize";
import type { Db } from "@/lib/db";
import { pipelined, rowsOf } from "@/lib/db/bulk";
import { departments, syncStagedEmployees, users } from "@/lib/db/schema";
import { allKeysOf } from "./all-keys";
import { FIELDS, type Fields } from "../fields";
import type { ExistingUser } from "../plan/types";

/** Roster's side of the comparison, one query for the whole organization, with each synced field under its key. */
export async function loadExistingUsers(db: Db, organizationId: string, fields: Fields = FIELDS): Promise<ExistingUser[]> {
  const synced = fields.columns.map(({ key, name, type, department }) =>
    department ? `d.name as "${key}"` : type === "date" ? `u.${name}::text as "${key}"` : `u.${name} as "${key}"`,
  );
  const result = await db.execute<ExistingUser>(sql`select u.id, u.bamboohr_id as "bamboohrId", u.source, u.role,
      u.manager_id as "managerId", m.bamboohr_id as "managerBambooId", ${sql.raw(synced.join(", "))}
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

/** Records per staged chunk: a snapshot is tens of rows, not one per employee. */
const STAGE_CHUNK = 5_000;

/**
 * The snapshot this process just staged, handed to the plan step of the same run in the same process, so that it is
 * not parsed back from the database a second time. The staged rows stay the truth: another process or a step run
 * again reads them.
 */
const handoff = new Map<string, BambooEmployee[]>();

/** A staged record is the array of its values (the report's fields, then the flags): the keys are not repeated. */
const STAGED_FIELDS = allKeysOf<BambooEmployee>()([...REPORT_FIELDS, "flags"]);

const toStaged = (e: BambooEmployee) => STAGED_FIELDS.map((field) => e[field]);

/** Every field of a record, null, to copy: records filled from a copy keep one shape. */
const BLANK_RECORD = Object.fromEntries(STAGED_FIELDS.map((field) => [field, null]));

function fromStaged(record: unknown[]): BambooEmployee {
  const e: Record<string, unknown> = { ...BLANK_RECORD };
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
  // Read once: a step run again reads the database, like any other process.
  handoff.delete(runId);
  if (handed) return handed;
  const employees: BambooEmployee[] = [];
  // A chunk at a time: only one chunk's text is held beside the records.
  for (let position = 0; ; position++) {
    const [chunk] = await db
      .select({ records: syncStagedEmployees.records })
      .from(syncStagedEmployees)
      .where(and(eq(syncStagedEmployees.runId, runId), eq(syncStagedEmployees.position, position)));
    if (!chunk) return employees;
    for (const record of JSON.parse(chunk.records) as unknown[][]) employees.push(fromStaged(record));
  }
}

export async function clearStaged(db: Db, runId: string) {
  handoff.delete(runId);
  await db.execute(sql`delete from ${syncStagedEmployees} where ${syncStagedEmployees.runId} = ${runId}`);
}
