import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createFirstOrganization, organizationCount } from "@/lib/auth/organizations";
import { openDatabase } from "@/lib/db/client";
import { departments, organizations, userChanges, users } from "@/lib/db/schema";
import { errorCodes } from "@/lib/db/error-codes";
import { syncOrganization } from "@/lib/sync/pipeline";
import { emulatedCompany, fastRetry } from "../helpers/emulator";
import { connect } from "../helpers/factories";

describe("[DB] the embedded default", () => {
  it("PGlite in a folder: migrated, first-run set-up once, a whole sync, and data still there after reopening", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "roster-pglite-"));
    try {
      const first = await openDatabase({ pgliteDir: dir });
      const { migrate } = await import("drizzle-orm/pglite/migrator");
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator wants its driver's own type
      await migrate(first.db as any, { migrationsFolder: "drizzle" });
      expect(first.driver).toBe("pglite");
      const input = { organizationName: "Embedded Co", email: "a@embedded.test", password: "long-enough-password" };
      const created = await createFirstOrganization(first.db, input);
      expect(created?.organization.slug).toBe("embedded-co");
      expect(await createFirstOrganization(first.db, { ...input, email: "b@embedded.test" })).toBeNull();
      const ctx = await emulatedCompany({ size: 25 });
      await connect(first.db, created!.organization.id, { subdomain: ctx.domain, apiKey: ctx.key });
      const outcome = await syncOrganization(
        first.db,
        { organizationId: created!.organization.id, trigger: "cli" },
        { overrides: { baseUrl: ctx.emu.url, retry: fastRetry } },
      );
      expect(outcome.status).toBe("succeeded");
      await first.close();

      const reopened = await openDatabase({ pgliteDir: dir });
      expect(await organizationCount(reopened.db)).toBe(1);
      const [{ n }] = await reopened.db.select({ n: sql<number>`count(*)::int` }).from(users);
      expect(n).toBe(26);
      await reopened.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("e-mails are unique per organization regardless of case", async () => {
    const { getDb } = await import("@/lib/db/client");
    const { createOrg, createUser } = await import("../helpers/factories");
    const db = await getDb();
    const { org } = await createOrg();
    const other = await createOrg();
    await createUser(db, org.id, { email: "Same@Example.test" });
    await expect(createUser(db, org.id, { email: "same@example.TEST" })).rejects.toThrow();
    await expect(createUser(db, other.org.id, { email: "same@example.test" })).resolves.toBeTruthy();
  });

  it("users and their audit rows get time-ordered ids (UUID version 7), in the order they were made", async () => {
    const { getDb } = await import("@/lib/db/client");
    const { createOrg, createUser } = await import("../helpers/factories");
    const db = await getDb();
    const { org } = await createOrg();
    const made = [];
    for (let i = 0; i < 3; i++) {
      made.push((await createUser(db, org.id, { email: `order${i}@example.test` })).id);
      await new Promise((resolve) => setTimeout(resolve, 2)); // a later millisecond
    }
    for (const id of made) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(3);
    // The audit table's default too (a row of one statement each, in order).
    const audit = [];
    for (const userId of made) {
      const [row] = await db.insert(userChanges).values({ organizationId: org.id, userId, action: "update", changes: {} }).returning();
      audit.push(row.id);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(audit[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect([...audit].sort()).toEqual(audit);
  });

  it("a user's department and manager exist; deleting one empties the references to it", async () => {
    const { getDb } = await import("@/lib/db/client");
    const { createDepartment, createOrg, createUser } = await import("../helpers/factories");
    const db = await getDb();
    const { org } = await createOrg();
    const sales = await createDepartment(db, org.id, "Sales");
    const boss = await createUser(db, org.id);
    const violation = async (write: Promise<unknown>) =>
      errorCodes(
        await write.then(
          () => null,
          (error: unknown) => error,
        ),
      );
    // A department or a manager that does not exist: refused, on insert and on update.
    expect(await violation(createUser(db, org.id, { departmentId: randomUUID() }))).toContain("23503");
    expect(await violation(createUser(db, org.id, { managerId: randomUUID() }))).toContain("23503");
    const report = await createUser(db, org.id, { departmentId: sales.id, managerId: boss.id });
    expect(await violation(db.update(users).set({ departmentId: randomUUID() }).where(eq(users.id, report.id)))).toContain("23503");
    // A manager made in the same statement as its report is there for the check.
    const [lead, member] = [randomUUID(), randomUUID()];
    await db.insert(users).values([
      { id: member, organizationId: org.id, email: `m-${member}@example.test`, managerId: lead },
      { id: lead, organizationId: org.id, email: `l-${lead}@example.test` },
    ]);
    // Deleting a department or a manager empties the references to it.
    await db.delete(departments).where(eq(departments.id, sales.id));
    await db.delete(users).where(eq(users.id, boss.id));
    const [after] = await db.select().from(users).where(eq(users.id, report.id));
    expect(after).toMatchObject({ departmentId: null, managerId: null });
  });

  it("audit rows belong to a user and an organization that exist, and go with them", async () => {
    const { getDb } = await import("@/lib/db/client");
    const { createOrg, createUser } = await import("../helpers/factories");
    const db = await getDb();
    const { org } = await createOrg();
    const kept = await createOrg();
    const user = await createUser(db, org.id);
    const keptUser = await createUser(db, kept.org.id);
    const change = (organizationId: string, userId = user.id) => ({ organizationId, userId, action: "update" as const, changes: {} });
    await db.insert(userChanges).values([change(org.id), change(org.id), change(kept.org.id, keptUser.id)]);
    const refusal = (row: ReturnType<typeof change>) =>
      db
        .insert(userChanges)
        .values([change(org.id), row])
        .then(
          () => null,
          (error: unknown) => error,
        );
    expect(errorCodes(await refusal(change(randomUUID())))).toContain("23503");
    expect(errorCodes(await refusal(change(org.id, randomUUID())))).toContain("23503");
    await db.delete(organizations).where(eq(organizations.id, org.id));
    expect(await db.select().from(userChanges).where(eq(userChanges.userId, user.id))).toEqual([]);
    expect(await db.select({ userId: userChanges.userId }).from(userChanges).where(eq(userChanges.organizationId, kept.org.id))).toEqual([
      { userId: keptUser.id },
    ]);
    expect(await db.select().from(users).where(eq(users.id, user.id))).toEqual([]);
  });
});
