import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createFirstOrganization, organizationCount } from "@/lib/auth/organizations";
import { openDatabase } from "@/lib/db/client";
import { userChanges, users } from "@/lib/db/schema";
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
});
