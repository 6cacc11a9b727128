import { and, asc, count, eq, isNull, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { pageParam } from "@/lib/route-params";
import type { Db } from "@/lib/db";
import { departments, users } from "@/lib/db/schema";
import { rowsOf } from "@/lib/db/bulk";
import { displayName } from "./display-name";
import { listUsers } from "./users";

/**
 * What employees see of each other: active people only, and only what a directory shows (no status, no reasons, no
 * history, no sign-in data). Every query is scoped to the viewer's organization.
 */
export const peopleQuerySchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  department: z.string().uuid().optional().catch(undefined),
  page: pageParam.catch(1),
});
export type PeopleQuery = z.infer<typeof peopleQuerySchema>;

export async function listPeople(db: Db, organizationId: string, query: PeopleQuery) {
  const result = await listUsers(db, organizationId, { ...query, status: "active", source: "all", sort: "name", dir: "asc" });
  return {
    total: result.total,
    pages: result.pages,
    rows: result.rows.map((r) => ({
      id: r.id,
      name: displayName(r),
      title: r.title,
      department: r.department,
      location: r.location,
      email: r.email,
    })),
  };
}

const manager = alias(users, "manager");

/** One active person's profile: their manager (if active) and their active reports. */
export async function personProfile(db: Db, organizationId: string, id: string) {
  if (!z.string().uuid().safeParse(id).success) return null;
  const [person] = await db
    .select({
      id: users.id,
      firstName: users.firstName,
      lastName: users.lastName,
      preferredName: users.preferredName,
      email: users.email,
      title: users.title,
      department: departments.name,
      phone: users.phone,
      location: users.location,
      startDate: users.startDate,
      source: users.source,
      managerId: manager.id,
      managerFirstName: manager.firstName,
      managerLastName: manager.lastName,
      managerPreferredName: manager.preferredName,
      managerTitle: manager.title,
    })
    .from(users)
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .leftJoin(manager, and(eq(manager.id, users.managerId), eq(manager.active, true)))
    .where(and(eq(users.id, id), eq(users.organizationId, organizationId), eq(users.active, true)));
  if (!person) return null;
  const reports = await activeReports(db, organizationId, id);
  return {
    ...person,
    name: displayName(person),
    manager: person.managerId
      ? {
          id: person.managerId,
          name: displayName({
            firstName: person.managerFirstName!,
            lastName: person.managerLastName!,
            preferredName: person.managerPreferredName,
          }),
          title: person.managerTitle,
        }
      : null,
    reports,
    chain: await managerChain(db, organizationId, id),
  };
}

async function activeReports(db: Db, organizationId: string, managerId: string) {
  const rows = await db
    .select({ id: users.id, firstName: users.firstName, lastName: users.lastName, preferredName: users.preferredName, title: users.title })
    .from(users)
    .where(and(eq(users.organizationId, organizationId), eq(users.managerId, managerId), eq(users.active, true)))
    .orderBy(asc(users.lastName), asc(users.firstName))
    .limit(500);
  return rows.map((r) => ({ id: r.id, name: displayName(r), title: r.title }));
}

/** The managers above a person, nearest first, through active people only; a reporting loop stops the walk. */
async function managerChain(db: Db, organizationId: string, id: string) {
  type Row = { id: string; first_name: string; last_name: string; preferred_name: string | null };
  const result = await db.execute(sql`
    with recursive up(id, manager_id, first_name, last_name, preferred_name, depth, seen) as (
      select u.id, u.manager_id, u.first_name, u.last_name, u.preferred_name, 0, array[u.id]
        from ${users} u where u.id = ${id} and u.organization_id = ${organizationId}
      union all
      select m.id, m.manager_id, m.first_name, m.last_name, m.preferred_name, up.depth + 1, up.seen || m.id
        from up join ${users} m on m.id = up.manager_id
        where m.organization_id = ${organizationId} and m.active and not m.id = any(up.seen) and up.depth < 50
    )
    select id, first_name, last_name, preferred_name, depth from up where depth > 0 order by depth`);
  return rowsOf(result as unknown as Row[] | { rows: Row[] }).map((r) => ({
    id: r.id,
    name: displayName({ firstName: r.first_name, lastName: r.last_name, preferredName: r.preferred_name }),
  }));
}

/** The top of the org chart: active people with no active manager, and how many active people report to each. */
export async function chartTops(db: Db, organizationId: string) {
  const reports = alias(users, "reports");
  const rows = await db
    .select({
      id: users.id,
      firstName: users.firstName,
      lastName: users.lastName,
      preferredName: users.preferredName,
      title: users.title,
      reports: count(reports.id),
    })
    .from(users)
    .leftJoin(manager, eq(manager.id, users.managerId))
    .leftJoin(reports, and(eq(reports.managerId, users.id), eq(reports.active, true)))
    .where(and(eq(users.organizationId, organizationId), eq(users.active, true), or(isNull(manager.id), eq(manager.active, false))))
    .groupBy(users.id)
    .orderBy(sql`count(${reports.id}) desc`, asc(users.lastName))
    .limit(200);
  return rows.map((r) => ({ id: r.id, name: displayName(r), title: r.title, reports: r.reports }));
}
