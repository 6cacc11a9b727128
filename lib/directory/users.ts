import { and, asc, count, desc, eq, inArray, isNull, like, ne, sql, type SQL } from "drizzle-orm";
import { endSessionsOf } from "@/lib/auth/session-store";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { pageParam } from "@/lib/route-params";
import type { Db } from "@/lib/db";
import { departments, organizations, USER_FIELD_MAX, userChanges, users, type User } from "@/lib/db/schema";
import { INACTIVE_REASONS, type InactiveReasonCode } from "@/lib/db/schema/users";
import type { FieldChanges } from "@/lib/db/schema/sync-runs";
import { todayIn } from "@/lib/sync/plan/today";

const PAGE_SIZE = 25;

/** Why a user is inactive, as the filter offers it (the sync's codes, and an admin's hand). */
export const INACTIVE_REASON_LABEL: Record<InactiveReasonCode, string> = {
  terminated: "Terminated",
  inactive_in_bamboohr: "Inactive in BambooHR",
  blocklisted: "Blocklisted status",
  no_employment_status: "No employment status",
  no_status: "No status",
  unknown_status: "Unknown status",
  not_started: "Not started yet",
  prestart: "Pre-start account",
  missing_from_bamboohr: "Missing from BambooHR",
  manual: "Deactivated by an admin",
};

export const directoryQuerySchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  status: z.enum(["all", "active", "inactive"]).catch("all").default("all"),
  department: z.string().uuid().optional().catch(undefined),
  source: z.enum(["all", "bamboohr", "manual"]).catch("all").default("all"),
  reason: z.enum(INACTIVE_REASONS).optional().catch(undefined),
  sort: z.enum(["name", "department", "status"]).catch("name").default("name"),
  dir: z.enum(["asc", "desc"]).catch("asc").default("asc"),
  page: pageParam,
});
export type DirectoryQuery = z.infer<typeof directoryQuerySchema>;

const manager = alias(users, "manager");

/** A LIKE pattern for text that contains `text`, its %, _ and \ taken literally. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function directoryFilter(organizationId: string, query: DirectoryQuery): SQL {
  const conditions: SQL[] = [eq(users.organizationId, organizationId)];
  if (query.status === "active") conditions.push(eq(users.active, true));
  if (query.status === "inactive") conditions.push(eq(users.active, false));
  if (query.department) conditions.push(eq(users.departmentId, query.department));
  if (query.source !== "all") conditions.push(eq(users.source, query.source));
  if (query.reason) conditions.push(eq(users.inactiveReasonCode, query.reason));
  if (query.q) {
    // The generated, lower-cased search_text (trigram index): names, "first last", the e-mail's name, employee #, title.
    const q = query.q.toLowerCase();
    const at = q.indexOf("@");
    if (at < 0) conditions.push(like(users.searchText, containing(q)));
    else {
      // Part of an address: what comes before the "@" ends the address's name (found by the index), then the address.
      if (at > 0) conditions.push(like(users.searchText, containing(q.slice(0, at))));
      conditions.push(like(sql`lower(${users.email})`, containing(q)));
    }
  }
  return and(...conditions)!;
}

const directoryColumns = {
  id: users.id,
  employeeId: users.employeeId,
  email: users.email,
  firstName: users.firstName,
  lastName: users.lastName,
  preferredName: users.preferredName,
  title: users.title,
  department: departments.name,
  managerFirstName: manager.firstName,
  managerLastName: manager.lastName,
  managerEmployeeId: manager.employeeId,
  managerEmail: manager.email,
  phone: users.phone,
  location: users.location,
  active: users.active,
  deactivationDate: users.deactivationDate,
  startDate: users.startDate,
  inactiveReasonCode: users.inactiveReasonCode,
  source: users.source,
  role: users.role,
};

function directorySelect(db: Db) {
  return db
    .select(directoryColumns)
    .from(users)
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .leftJoin(manager, eq(manager.id, users.managerId));
}

/**
 * The order of the table: the sort's own key first, then by name, then id. A search sorts its matches by the text of
 * the names (`|| ''`, the same order): its matches are found through the trigram index and then sorted, where
 * walking the name index for a rare name late in the alphabet would read most of the directory.
 */
function directoryOrder(query: DirectoryQuery): SQL[] {
  const by = query.dir === "desc" ? desc : asc;
  const text = (column: typeof users.lastName | typeof users.firstName) => (query.q ? sql`${column} || ''` : sql`${column}`);
  const name = [by(text(users.lastName)), by(text(users.firstName))];
  const first =
    query.sort === "department"
      ? [sql`${departments.name} ${sql.raw(query.dir)} nulls last`]
      : query.sort === "status"
        ? [query.dir === "asc" ? desc(users.active) : asc(users.active)]
        : []; // Active first
  return [...first, ...name, asc(users.id)];
}

/**
 * A page of the directory sorted by department or status, without sorting the whole directory for every page: one
 * count per group (a department, the department-less last; active, inactive),
 * in the page's order, which also gives the total; then the rows of each group the page spans, by name, on the
 * index of its group.
 */
async function listGrouped(db: Db, query: DirectoryQuery, where: SQL) {
  const groups: Array<{ n: number; of: SQL }> = [];
  if (query.sort === "department") {
    // Counted on the index by department id, then ordered by the departments' names: a join first would hash every row.
    const counts = db
      .select({ id: users.departmentId, n: sql<number>`count(*)`.mapWith(Number).as("n") })
      .from(users)
      .where(where)
      .groupBy(users.departmentId)
      .as("counts");
    for (const g of await db
      .select({ id: counts.id, n: counts.n })
      .from(counts)
      .leftJoin(departments, eq(departments.id, counts.id))
      .orderBy(sql`${departments.name} ${sql.raw(query.dir)} nulls last`))
      groups.push({ n: g.n, of: g.id ? eq(users.departmentId, g.id) : isNull(users.departmentId) });
  } else {
    for (const g of await db
      .select({ active: users.active, n: count() })
      .from(users)
      .where(where)
      .groupBy(users.active)
      .orderBy(query.dir === "asc" ? desc(users.active) : asc(users.active)))
      groups.push({ n: g.n, of: eq(users.active, g.active) });
  }
  // The part of each group the page spans: its first rows after the groups before it.
  const from = (query.page - 1) * PAGE_SIZE;
  const spans: Array<{ of: SQL; skip: number; take: number }> = [];
  let start = 0;
  for (const group of groups) {
    const skip = Math.max(0, from - start);
    const take = Math.min(group.n - skip, from + PAGE_SIZE - start - skip);
    if (take > 0) spans.push({ of: group.of, skip, take });
    start += group.n;
  }
  const by = query.dir === "desc" ? desc : asc;
  const reads = spans.map(({ of, skip, take }) =>
    directorySelect(db).where(and(where, of)).orderBy(by(users.lastName), by(users.firstName), asc(users.id)).limit(take).offset(skip),
  );
  const total = start;
  return { rows: (await Promise.all(reads)).flat(), total, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

export async function listUsers(db: Db, organizationId: string, query: DirectoryQuery) {
  const where = directoryFilter(organizationId, query);
  if (!query.q && query.sort !== "name") return listGrouped(db, query, where);
  const [rows, [{ total }]] = await Promise.all([
    directorySelect(db)
      .where(where)
      .orderBy(...directoryOrder(query))
      .limit(PAGE_SIZE)
      .offset((query.page - 1) * PAGE_SIZE),
    db.select({ total: count() }).from(users).where(where),
  ]);
  return { rows, total, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

/**
 * The whole directory in pages of `batch`, for the CSV export: memory stays flat, and each page starts after the
 * last row of the one before (by name, then id) on the name index, so the last page costs what the first does.
 */
export async function* iterateDirectory(db: Db, organizationId: string, batch = 2000) {
  let after: { lastName: string; firstName: string; id: string } | null = null;
  for (;;) {
    const rows = await directorySelect(db)
      .where(
        and(
          eq(users.organizationId, organizationId),
          after
            ? sql`(${users.lastName}, ${users.firstName}, ${users.id}) > (${after.lastName}, ${after.firstName}, ${after.id})`
            : undefined,
        ),
      )
      .orderBy(asc(users.lastName), asc(users.firstName), asc(users.id))
      .limit(batch);
    yield* rows;
    if (rows.length < batch) return;
    after = rows[rows.length - 1];
  }
}

export async function getUser(db: Db, organizationId: string, id: string) {
  if (!z.string().uuid().safeParse(id).success) return null;
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, id), eq(users.organizationId, organizationId)));
  return user ?? null;
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters.`)
    .transform((v) => (v === "" ? null : v));

const userEditSchema = z.object({
  email: z.string().trim().email("Enter a valid e-mail address.").max(USER_FIELD_MAX.email),
  firstName: z.string().trim().max(USER_FIELD_MAX.firstName),
  lastName: z.string().trim().max(USER_FIELD_MAX.lastName),
  preferredName: optionalText(USER_FIELD_MAX.preferredName),
  employeeId: optionalText(USER_FIELD_MAX.employeeId),
  title: optionalText(USER_FIELD_MAX.title),
  phone: optionalText(USER_FIELD_MAX.phone),
  location: optionalText(USER_FIELD_MAX.location),
  departmentId: z.union([z.literal(""), z.string().uuid()]).transform((v) => (v === "" ? null : v)),
  managerId: z.union([z.literal(""), z.string().uuid()]).transform((v) => (v === "" ? null : v)),
});
type UserEdit = z.output<typeof userEditSchema>;

export type FieldErrors = Partial<Record<keyof UserEdit | "form", string>>;

/** Saves an admin's edit; every reference (department, manager, e-mail clash) is checked inside the organization. */
export async function updateUser(
  db: Db,
  organizationId: string,
  id: string,
  input: unknown,
  actorId: string | null = null,
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const parsed = userEditSchema.safeParse(input);
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) errors[issue.path[0] as keyof UserEdit] ??= issue.message;
    return { ok: false, errors };
  }
  const data = parsed.data;
  const user = await getUser(db, organizationId, id);
  if (!user) return { ok: false, errors: { form: "User not found." } };
  const [clash] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.organizationId, organizationId), sql`lower(${users.email}) = lower(${data.email})`, ne(users.id, id)));
  if (clash) return { ok: false, errors: { email: "Another user in this organization already has this e-mail." } };
  if (data.departmentId) {
    const [dept] = await db
      .select({ id: departments.id })
      .from(departments)
      .where(and(eq(departments.id, data.departmentId), eq(departments.organizationId, organizationId)));
    if (!dept) return { ok: false, errors: { departmentId: "Choose a department of this organization." } };
  }
  if (data.managerId) {
    if (data.managerId === id) return { ok: false, errors: { managerId: "A user cannot manage themselves." } };
    if (!(await getUser(db, organizationId, data.managerId))) {
      return { ok: false, errors: { managerId: "Choose a manager from this organization." } };
    }
  }
  const changes = await editChanges(db, organizationId, user, data);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ ...data, updatedAt: new Date() })
      .where(and(eq(users.id, id), eq(users.organizationId, organizationId)));
    if (Object.keys(changes).length) {
      await tx.insert(userChanges).values({ organizationId, userId: id, action: "update", changes, changedBy: actorId });
    }
    // An admin signs in with their e-mail: a new one ends the sessions opened with the old.
    if (changes.email && user.role === "admin") await endSessionsOf(tx, [id]);
  });
  return { ok: true };
}

/** An admin's edit as field-level before -> after, names for the department and the manager. */
async function editChanges(db: Db, organizationId: string, before: User, after: UserEdit): Promise<FieldChanges> {
  const changes: FieldChanges = {};
  const plain = ["employeeId", "email", "firstName", "lastName", "preferredName", "title", "phone", "location"] as const;
  for (const field of plain)
    if ((before[field] ?? null) !== (after[field] ?? null)) changes[field] = { from: before[field], to: after[field] };
  const names = async (table: "departments" | "users", ids: Array<string | null>) => {
    const wanted = ids.filter((x): x is string => !!x);
    if (!wanted.length) return new Map<string, string>();
    const rows =
      table === "departments"
        ? await db
            .select({ id: departments.id, name: departments.name })
            .from(departments)
            .where(and(eq(departments.organizationId, organizationId), inArray(departments.id, wanted)))
        : await db
            .select({ id: users.id, name: sql<string>`${users.firstName} || ' ' || ${users.lastName}` })
            .from(users)
            .where(and(eq(users.organizationId, organizationId), inArray(users.id, wanted)));
    return new Map(rows.map((r) => [r.id, r.name]));
  };
  if (before.departmentId !== after.departmentId) {
    const n = await names("departments", [before.departmentId, after.departmentId]);
    changes.department = {
      from: before.departmentId ? (n.get(before.departmentId) ?? null) : null,
      to: after.departmentId ? (n.get(after.departmentId) ?? null) : null,
    };
  }
  if (before.managerId !== after.managerId) {
    const n = await names("users", [before.managerId, after.managerId]);
    changes.manager = {
      from: before.managerId ? (n.get(before.managerId) ?? null) : null,
      to: after.managerId ? (n.get(after.managerId) ?? null) : null,
    };
  }
  return changes;
}

/**
 * An admin activates or deactivates a user by hand; the change is audited with who made it. False: no such user;
 * "last_admin": the organization's last active admin is not deactivated (nobody could sign in to undo it).
 */
export async function setUserActive(
  db: Db,
  organizationId: string,
  id: string,
  active: boolean,
  actorId: string | null = null,
): Promise<boolean | "last_admin"> {
  const user = await getUser(db, organizationId, id);
  if (!user) return false;
  if (user.active === active) return true;
  const [org] = await db.select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, organizationId));
  const next = {
    active,
    deactivationDate: active ? null : todayIn(org.timeZone),
    inactiveReasonCode: active ? null : ("manual" as const),
    inactiveReason: active ? null : "Deactivated by an admin.",
  };
  return db.transaction(async (tx) => {
    if (!active && user.role === "admin") {
      // The organization's active admins, locked: two admins deactivating each other at once cannot both succeed.
      const admins = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.organizationId, organizationId), eq(users.role, "admin"), eq(users.active, true)))
        .for("update");
      if (!admins.some((a) => a.id !== id)) return "last_admin" as const;
    }
    await tx
      .update(users)
      .set({ ...next, updatedAt: new Date() })
      .where(and(eq(users.id, id), eq(users.organizationId, organizationId)));
    const changes: FieldChanges = {
      active: { from: user.active, to: active },
      inactiveReason: { from: user.inactiveReason, to: next.inactiveReason },
    };
    await tx
      .insert(userChanges)
      .values({ organizationId, userId: id, action: active ? "reactivate" : "deactivate", changes, changedBy: actorId });
    if (!active) await endSessionsOf(tx, [id], { devices: true });
    return true;
  });
}

export async function listDepartments(db: Db, organizationId: string) {
  return db
    .select({
      id: departments.id,
      name: departments.name,
      members: sql<number>`count(${users.id})::int`,
      activeMembers: sql<number>`count(${users.id}) filter (where ${users.active})::int`,
    })
    .from(departments)
    .leftJoin(users, and(eq(users.departmentId, departments.id), eq(users.organizationId, organizationId)))
    .where(eq(departments.organizationId, organizationId))
    .groupBy(departments.id, departments.name)
    .orderBy(asc(departments.name));
}

/** The departments for a filter or a form: names only, no member counts (those read every user). */
export async function departmentOptions(db: Db, organizationId: string) {
  return db
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .where(eq(departments.organizationId, organizationId))
    .orderBy(asc(departments.name));
}

export async function listManagerOptions(db: Db, organizationId: string) {
  return db
    .select({ id: users.id, firstName: users.firstName, lastName: users.lastName, email: users.email })
    .from(users)
    .where(and(eq(users.organizationId, organizationId), eq(users.active, true)))
    .orderBy(asc(users.lastName), asc(users.firstName))
    .limit(5000);
}
