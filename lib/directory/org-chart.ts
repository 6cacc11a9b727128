import { and, eq, ilike, or, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { departments, users } from "@/lib/db/schema";

export type ChartNode = {
  id: string;
  name: string;
  title: string | null;
  department: string | null;
  active: boolean;
  /** People who report to this person directly, and everyone below them. */
  direct: number;
  total: number;
  managerInactive: boolean;
};

type Row = {
  id: string;
  managerId: string | null;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  title: string | null;
  department: string | null;
  active: boolean;
};

/**
 * The manager tree of an organization, from one query (id, manager and what a node shows). Subtrees are handed out a
 * level at a time, so the page stays light whatever the size.
 */
export async function orgGraph(db: Db, organizationId: string) {
  const rows: Row[] = await db
    .select({
      id: users.id,
      managerId: users.managerId,
      firstName: users.firstName,
      lastName: users.lastName,
      preferredName: users.preferredName,
      title: users.title,
      department: departments.name,
      active: users.active,
    })
    .from(users)
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(eq(users.organizationId, organizationId));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const children = new Map<string, Row[]>();
  for (const r of rows) {
    if (!r.managerId || !byId.has(r.managerId)) continue;
    const list = children.get(r.managerId);
    if (list) list.push(r);
    else children.set(r.managerId, [r]);
  }
  const name = (r: Row) => `${r.preferredName || r.firstName} ${r.lastName}`.trim() || "(no name)";
  for (const list of children.values()) list.sort((a, b) => name(a).localeCompare(name(b)));

  // Everyone below each person, counted from the top down without recursion (deep trees do not overflow).
  const roots = rows.filter((r) => !r.managerId || !byId.has(r.managerId));
  const order: Row[] = [];
  const reached = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const r = stack.pop()!;
    if (reached.has(r.id)) continue;
    reached.add(r.id);
    order.push(r);
    for (const c of children.get(r.id) ?? []) stack.push(c);
  }
  const total = new Map<string, number>();
  for (let i = order.length - 1; i >= 0; i--) {
    const r = order[i];
    total.set(
      r.id,
      (children.get(r.id) ?? []).reduce((n, c) => n + 1 + (total.get(c.id) ?? 0), 0),
    );
  }
  const node = (r: Row): ChartNode => ({
    id: r.id,
    name: name(r),
    title: r.title,
    department: r.department,
    active: r.active,
    direct: children.get(r.id)?.length ?? 0,
    total: total.get(r.id) ?? 0,
    managerInactive: !!r.managerId && byId.get(r.managerId)?.active === false,
  });
  const sorted = (list: Row[]) => [...list].sort((a, b) => name(a).localeCompare(name(b))).map(node);
  return {
    /** The tops of the tree: no manager, and people who report to them. */
    roots: sorted(roots.filter((r) => children.has(r.id))),
    /** Listed apart: no manager and nobody reporting to them. */
    alone: sorted(roots.filter((r) => !children.has(r.id))),
    /** Listed apart: reporting to someone who is inactive, and people in a reporting loop (never reached from a top). */
    toInactive: sorted(rows.filter((r) => r.active && r.managerId && byId.get(r.managerId)?.active === false)),
    loops: sorted(rows.filter((r) => !reached.has(r.id))),
    childrenOf: (id: string) => (children.get(id) ?? []).map(node),
    /** The chain of managers above a person, top first (stops at a loop). */
    pathTo: (id: string) => {
      const path: string[] = [];
      const seen = new Set<string>();
      for (let r = byId.get(id); r?.managerId && byId.has(r.managerId) && !seen.has(r.managerId); r = byId.get(r.managerId)) {
        seen.add(r.managerId);
        path.unshift(r.managerId);
      }
      return path;
    },
    size: rows.length,
  };
}

/** People whose name, e-mail or title matches, for the chart's search (at most 10). */
export async function findPeople(db: Db, organizationId: string, q: string) {
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .select({ id: users.id, firstName: users.firstName, lastName: users.lastName, email: users.email, title: users.title })
    .from(users)
    .where(
      and(
        eq(users.organizationId, organizationId),
        or(ilike(users.email, like), ilike(users.title, like), sql`(${users.firstName} || ' ' || ${users.lastName}) ilike ${like}`),
      ),
    )
    .orderBy(users.lastName, users.firstName)
    .limit(10);
}
