import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { departments, users } from "@/lib/db/schema";
import type { EmulatedEmployee } from "../../lib/bamboohr/emulator/types";

/**
 * How an organization's directory differs from an emulated company (empty when it matches): every employee
 * present once, with the right e-mail, names, title, department and manager, and activation where it is
 * unambiguous. The benchmark and the fault-injection suite use it, so that a fast or a recovered sync must
 * also be a right one.
 */
export async function directoryMismatches(db: Db, organizationId: string, employees: readonly EmulatedEmployee[]): Promise<string[]> {
  // Only the columns checked: at 100,000 users the whole rows would cost the benchmark more memory than the sync.
  const rows = await db
    .select({
      user: {
        id: users.id,
        bamboohrId: users.bamboohrId,
        email: users.email,
        firstName: users.firstName,
        lastName: users.lastName,
        title: users.title,
        managerId: users.managerId,
        active: users.active,
      },
      department: departments.name,
    })
    .from(users)
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(eq(users.organizationId, organizationId));
  const byBamboo = new Map(rows.filter((r) => r.user.bamboohrId).map((r) => [r.user.bamboohrId!, r]));
  const idOf = new Map(rows.map((r) => [r.user.id, r.user.bamboohrId]));
  const problems: string[] = [];
  if (byBamboo.size !== rows.filter((r) => r.user.bamboohrId).length) problems.push("a BambooHR employee twice");
  for (const e of employees) {
    const row = byBamboo.get(e.id);
    if (!row) {
      problems.push(`${e.id} missing`);
      continue;
    }
    const u = row.user;
    const expected = {
      email: e.workEmail,
      firstName: e.firstName,
      lastName: e.lastName,
      title: e.jobTitle,
      department: e.department,
      manager: e.supervisorEId,
    };
    const actual = {
      email: u.email,
      firstName: u.firstName,
      lastName: u.lastName,
      title: u.title,
      department: row.department,
      manager: u.managerId ? idOf.get(u.managerId) : null,
    };
    for (const [k, v] of Object.entries(expected)) if ((actual as Record<string, unknown>)[k] !== v) problems.push(`${e.id} ${k}`);
    // Only the unambiguous cases: Inactive is never active; Active with no termination is active (no blocklist here).
    if (e.status === "Inactive" && u.active) problems.push(`${e.id} should be inactive`);
    if (e.status === "Active" && !e.terminationDate && !u.active) problems.push(`${e.id} should be active`);
  }
  return problems;
}
