import { describe, expect, it } from "vitest";
import { directoryQuerySchema, iterateDirectory, listUsers } from "@/lib/directory/users";
import { eq } from "drizzle-orm";
import { departments, users } from "@/lib/db/schema";
import { createDepartment, createOrg, createUser } from "../helpers/factories";

async function setup() {
  const { db, org } = await createOrg();
  const sales = await createDepartment(db, org.id, "Sales");
  const ops = await createDepartment(db, org.id, "Operations");
  const make = (lastName: string, values: Parameters<typeof createUser>[2]) =>
    createUser(db, org.id, { lastName, firstName: "P", ...values });
  await make("Adams", { departmentId: sales.id, source: "bamboohr", bamboohrId: "1" });
  await make("Baker", { departmentId: ops.id, active: false, inactiveReasonCode: "terminated", source: "bamboohr", bamboohrId: "2" });
  await make("Clark", { departmentId: null, active: false, inactiveReasonCode: "manual" });
  await make("Davis", { departmentId: ops.id, source: "bamboohr", bamboohrId: "4" });
  const names = async (params: Record<string, string>) =>
    (await listUsers(db, org.id, directoryQuerySchema.parse(params))).rows.map((r) => r.lastName).filter((n) => n !== ""); // the admin of the organization has no name
  return { names };
}

describe("[DIRECTORY] the users table sorts and filters", () => {
  it("sorts by name, department (empty last) and status (active first), either way", async () => {
    const s = await setup();
    expect(await s.names({})).toEqual(["Adams", "Baker", "Clark", "Davis"]);
    expect(await s.names({ dir: "desc" })).toEqual(["Davis", "Clark", "Baker", "Adams"]);
    expect(await s.names({ sort: "department" })).toEqual(["Baker", "Davis", "Adams", "Clark"]);
    expect(await s.names({ sort: "department", dir: "desc" })).toEqual(["Adams", "Davis", "Baker", "Clark"]);
    expect(await s.names({ sort: "status" })).toEqual(["Adams", "Davis", "Baker", "Clark"]);
    expect(await s.names({ sort: "status", dir: "desc" })).toEqual(["Clark", "Baker", "Davis", "Adams"]);
  });

  it("filters by managed or manual, and by why a user is inactive; unknown values are ignored", async () => {
    const s = await setup();
    expect(await s.names({ source: "bamboohr" })).toEqual(["Adams", "Baker", "Davis"]);
    expect(await s.names({ source: "manual" })).toEqual(["Clark"]);
    expect(await s.names({ reason: "terminated" })).toEqual(["Baker"]);
    expect(await s.names({ reason: "manual" })).toEqual(["Clark"]);
    expect(await s.names({ reason: "'; drop table users; --", sort: "sideways" })).toEqual(["Adams", "Baker", "Clark", "Davis"]);
  });
});

describe("[DIRECTORY] sorted by department or status, page after page", () => {
  it("every page holds the rows the whole sorted table has there: groups in order, by name within, ties by id", async () => {
    const { db, org } = await createOrg();
    const depts = [
      await createDepartment(db, org.id, "Sales"),
      await createDepartment(db, org.id, "Design"),
      await createDepartment(db, org.id, "Ops"),
    ];
    // 70 users (and the admin): three departments and none, some inactive, shared full names so that the id decides.
    for (let i = 0; i < 70; i++)
      await createUser(db, org.id, {
        lastName: `Name${i % 9}`,
        firstName: i % 2 ? "Same" : "Other",
        departmentId: i % 4 === 3 ? null : depts[i % 4].id,
        active: i % 3 !== 0,
      });
    const all = await db
      .select({ id: users.id, lastName: users.lastName, firstName: users.firstName, department: departments.name, active: users.active })
      .from(users)
      .leftJoin(departments, eq(departments.id, users.departmentId))
      .where(eq(users.organizationId, org.id));
    type Row = (typeof all)[number];
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const byName = (dir: number) => (a: Row, b: Row) =>
      dir * cmp(a.lastName, b.lastName) || dir * cmp(a.firstName, b.firstName) || cmp(a.id, b.id);
    const expected = (sort: string, dir: "asc" | "desc", keep: (r: Row) => boolean = () => true) => {
      const d = dir === "asc" ? 1 : -1;
      const group = (r: Row) => (sort === "department" ? r.department : r.active === (dir === "asc") ? "0" : "1");
      const groupOrder = (a: Row, b: Row) => {
        const [x, y] = [group(a), group(b)];
        if (x === y) return 0;
        if (x === null) return 1; // no department: last, either way
        if (y === null) return -1;
        return sort === "department" ? d * cmp(x, y) : cmp(x, y);
      };
      return all
        .filter(keep)
        .sort((a, b) => groupOrder(a, b) || byName(d)(a, b))
        .map((r) => r.id);
    };
    // Every page of a sort, concatenated, against the whole table sorted here.
    const pagesMatch = async (params: Record<string, string>, ids: string[]) => {
      const seen: string[] = [];
      for (let page = 1; page <= 4; page++) {
        const result = await listUsers(db, org.id, directoryQuerySchema.parse({ ...params, page: String(page) }));
        expect(result.rows.length).toBeLessThanOrEqual(25);
        expect(result.total).toBe(ids.length);
        seen.push(...result.rows.map((r) => r.id));
      }
      expect(seen).toEqual(ids);
    };
    for (const sort of ["department", "status"])
      for (const dir of ["asc", "desc"] as const) await pagesMatch({ sort, dir }, expected(sort, dir));
    await pagesMatch(
      { sort: "department", status: "active" },
      expected("department", "asc", (r) => r.active),
    );
    // A search sorts its matches itself, in the same order.
    await pagesMatch(
      { sort: "department", dir: "desc", q: "name" },
      expected("department", "desc", (r) => r.lastName !== ""),
    );
    const past = await listUsers(db, org.id, directoryQuerySchema.parse({ sort: "department", page: "9" }));
    expect(past.rows).toEqual([]);
    expect(past.total).toBe(71);
  });
});

describe("[DIRECTORY] search (one indexed, lower-cased text of the searchable fields)", () => {
  it("finds by any name, first and last together, e-mail, employee # or title, in any case; % and _ are plain characters", async () => {
    const { db, org } = await createOrg();
    const other = await createOrg();
    const make = (lastName: string, values: Parameters<typeof createUser>[2]) => createUser(db, org.id, { lastName, ...values });
    await make("Okafor", {
      firstName: "Chidi",
      preferredName: "Chid",
      email: "c.okafor@example.test",
      employeeId: "E-1001",
      title: "Ethics Professor",
    });
    await make("Shellstrop", { firstName: "Eleanor", email: "eleanor@example.test", employeeId: "E-1002", title: "100% Sales_Lead" });
    await make("Mendoza", { firstName: "Jason", email: "jason@example.test", employeeId: "E-2001", title: "DJ" });
    await createUser(other.db, other.org.id, { firstName: "Chidi", lastName: "Elsewhere", email: "chidi@other.test" });
    const found = async (q: string) =>
      (await listUsers(db, org.id, directoryQuerySchema.parse({ q }))).rows.map((r) => r.lastName).filter((n) => n !== "");

    expect(await found("okaf")).toEqual(["Okafor"]);
    expect(await found("CHIDI")).toEqual(["Okafor"]); // and not the other organization's Chidi
    expect(await found("chid")).toEqual(["Okafor"]);
    expect(await found("eleanor shell")).toEqual(["Shellstrop"]);
    expect(await found("jason@example")).toEqual(["Mendoza"]);
    expect(await found("c.okafor")).toEqual(["Okafor"]);
    expect(await found("@EXAMPLE.test")).toEqual(["Mendoza", "Okafor", "Shellstrop"]); // a domain, with its "@"
    expect(await found("r@example")).toEqual(["Okafor", "Shellstrop"]);
    expect(await found("example.test")).toEqual([]); // not without it: the organization's domain is in every address
    expect(await found("@other.test")).toEqual([]);
    expect(await found("e-100")).toEqual(["Okafor", "Shellstrop"]);
    expect(await found("professor")).toEqual(["Okafor"]);
    expect(await found("100%")).toEqual(["Shellstrop"]);
    expect(await found("s_l")).toEqual(["Shellstrop"]);
    expect(await found("1%0")).toEqual([]);
    // Fields are kept apart: the end of one and the start of the next are not one word.
    expect(await found("okafor chid")).toEqual([]);
    expect(await found("nobody")).toEqual([]);
  });
});

describe("[DIRECTORY] the export's pages", () => {
  it("walks the whole directory page after page, each user once, in name order, ties included", async () => {
    const { db, org } = await createOrg();
    // Ties on purpose: several users share a full name, so the id decides between them.
    for (let i = 0; i < 45; i++) await createUser(db, org.id, { lastName: `Name${i % 7}`, firstName: i % 2 ? "Same" : "Other" });
    const seen: Array<{ id: string; lastName: string; firstName: string }> = [];
    for await (const row of iterateDirectory(db, org.id, 10)) seen.push(row);
    expect(seen).toHaveLength(46); // and the organization's admin
    expect(new Set(seen.map((r) => r.id)).size).toBe(46);
    const key = (r: (typeof seen)[number]) => [r.lastName, r.firstName, r.id];
    const sorted = [...seen].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    expect(seen.map((r) => r.id)).toEqual(sorted.map((r) => r.id));
  });
});
