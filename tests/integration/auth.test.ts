import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { lockDuration, verifyCredentials } from "@/lib/auth/credentials";
import { slugify } from "@/lib/auth/organizations";
import { users } from "@/lib/db/schema";
import { createOrg } from "../helpers/factories";

describe("[AUTH] credentials", () => {
  it("signs in an admin with the right password, case-insensitively by e-mail", async () => {
    const { db, org, admin } = await createOrg();
    expect(await verifyCredentials(db, { email: admin.email.toUpperCase(), password: admin.password })).toEqual({
      userId: admin.id,
      organizationId: org.id,
      role: "admin",
    });
  });

  it("refuses unknown e-mails, wrong passwords, malformed input and deactivated accounts alike", async () => {
    const { db, admin } = await createOrg();
    expect(await verifyCredentials(db, { email: "nobody@example.test", password: "whatever" })).toBeNull();
    expect(await verifyCredentials(db, { email: admin.email, password: "wrong" })).toBeNull();
    expect(await verifyCredentials(db, { email: "not an email", password: "" })).toBeNull();
    await db.update(users).set({ active: false, failedLogins: 0 }).where(eq(users.id, admin.id));
    expect(await verifyCredentials(db, { email: admin.email, password: admin.password })).toBeNull();
  });

  it("locks an account after repeated wrong passwords, even against the right one, until the lock ends", async () => {
    const { db, admin } = await createOrg();
    const now = new Date("2026-01-01T00:00:00Z");
    for (let i = 0; i < 5; i++) await verifyCredentials(db, { email: admin.email, password: "wrong" }, now);
    const [locked] = await db.select().from(users).where(eq(users.id, admin.id));
    expect(locked.failedLogins).toBe(5);
    expect(locked.lockedUntil!.getTime() - now.getTime()).toBe(30_000);
    expect(await verifyCredentials(db, { email: admin.email, password: admin.password }, new Date(now.getTime() + 10_000))).toBeNull();
    const later = new Date(now.getTime() + 31_000);
    expect(await verifyCredentials(db, { email: admin.email, password: admin.password }, later)).not.toBeNull();
    const [reset] = await db.select().from(users).where(eq(users.id, admin.id));
    expect(reset).toMatchObject({ failedLogins: 0, lockedUntil: null });
  });

  it.each([
    [0, 0],
    [4, 0],
    [5, 30_000],
    [6, 60_000],
    [8, 240_000],
    [20, 900_000],
  ])("%i failures lock for %i ms", (n, ms) => {
    expect(lockDuration(n)).toBe(ms);
  });

  it("makes URL-safe organization slugs", () => {
    expect(slugify("Acme Corp")).toBe("acme-corp");
    expect(slugify("  Café & Co. ")).toBe("cafe-co");
    expect(slugify("!!!")).toBe("org");
  });
});
