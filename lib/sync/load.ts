import { and, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { BambooEmployee } from "@/lib/bamboohr/normalize";
import type { Db } from "@/lib/db";
import { departments, syncStagedEmployees, users } from "@/lib/db/schema";
import type { ExistingUser } from "./types";

const manager = alias(users, "manager");

/** Roster's side of the comparison, one query for the whole organization. */
export async function loadExistingUsers(db: Db, organizationId: string): Promise<ExistingUser[]> {
  return db
    .select({
      id: users.id,
      bamboohrId: users.bamboohrId,
      source: users.source,
      role: users.role,
      email: users.email,
      employeeId: users.employeeId,
      firstName: users.firstName,
      lastName: users.lastName,
      preferredName: users.preferredName,
      title: users.title,
      department: departments.name,
      managerId: users.managerId,
      managerBambooId: manager.bamboohrId,
      phone: users.phone,
      location: users.location,
      startDate: users.startDate,
      active: users.active,
      deactivationDate: users.deactivationDate,
      inactiveReasonCode: users.inactiveReasonCode,
      inactiveReason: users.inactiveReason,
    })
    .from(users)
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .leftJoin(manager, eq(manager.id, users.managerId))
    .where(eq(users.organizationId, organizationId));
}

export async function loadDepartmentNames(db: Db, organizationId: string): Promise<string[]> {
  const rows = await db.select({ name: departments.name }).from(departments).where(eq(departments.organizationId, organizationId));
  return rows.map((r) => r.name);
}

/** Records per staged chunk: a few MB of JSON each, so that staging 100,000 records is tens of rows, not 100,000. */
const STAGE_CHUNK = 5_000;

/** Keeps the fetched snapshot in the database, so later steps (and retries) read it from there. */
export async function stageSnapshot(db: Db, runId: string, employees: BambooEmployee[]) {
  await db.delete(syncStagedEmployees).where(eq(syncStagedEmployees.runId, runId));
  for (let i = 0; i < employees.length; i += STAGE_CHUNK) {
    await db
      .insert(syncStagedEmployees)
      .values({ runId, position: i / STAGE_CHUNK, records: JSON.stringify(employees.slice(i, i + STAGE_CHUNK)) });
  }
}

export async function loadStaged(db: Db, runId: string): Promise<BambooEmployee[]> {
  const employees: BambooEmployee[] = [];
  // A chunk at a time: only one chunk's text is held beside the records.
  for (let position = 0; ; position++) {
    const [chunk] = await db
      .select({ records: syncStagedEmployees.records })
      .from(syncStagedEmployees)
      .where(and(eq(syncStagedEmployees.runId, runId), eq(syncStagedEmployees.position, position)));
    if (!chunk) return employees;
    for (const record of JSON.parse(chunk.records) as BambooEmployee[]) employees.push(record);
  }
}

export async function clearStaged(db: Db, runId: string) {
  await db.execute(sql`delete from ${syncStagedEmployees} where ${syncStagedEmployees.runId} = ${runId}`);
}
