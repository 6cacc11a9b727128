import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { FAILURE_FLOOR_MS, FREE_ATTEMPTS, IP_ATTEMPTS, lockDuration, verifyCredentials } from "@/lib/auth/credentials";
import { hashPassword, newPasswordSchema } from "@/lib/auth/password";
import { slugify } from "@/lib/auth/organizations";
import { saveSignInSettings } from "@/lib/auth/sign-in-settings";
import { users } from "@/lib/db/schema";
import { createOrg, createUser } from "../helpers/factories";

describe("[AUTH] credentials", () => {
  it("signs in an admin with the right password, case-insensitively by e-mail", async () => {
    const { db, org, admin } = await createOrg();
    expect(await verifyCredentials(db, { email: admin.email!.toUpperCase(), password: admin.password })).toEqual({
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

  it("with SSO only, a password opens an admin account (the break-glass way in) and no other", async () => {
    const { db, org, admin } = await createOrg();
    const member = await createUser(db, org.id, { passwordHash: await hashPassword("a-long-member-password") });
    const signIn = (email: string, password: string) =>
      verifyCredentials(db, { email, password }, new Date(), { ip: randomUUID(), knownDeviceOf: null });
    expect(await signIn(member.email!, "a-long-member-password")).toMatchObject({ userId: member.id });
    await saveSignInSettings(db, org.id, {
      oidcIssuer: "https://idp.example.test",
      oidcClientId: "roster",
      oidcClientSecret: "",
      ssoDomains: [],
      ssoOnly: true,
      welcomeEmails: false,
    });
    expect(await signIn(member.email!, "a-long-member-password")).toBeNull();
    expect(await signIn(admin.email!, admin.password)).toMatchObject({ userId: admin.id, role: "admin" });
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

describe("[SECURITY] sign-in under attack", () => {
  const from = (ip: string, knownDeviceOf: string | null = null) => ({ ip, knownDeviceOf });
  const uniqueIp = () => `203.0.113.${Math.floor(Math.random() * 250)}-${randomUUID().slice(0, 6)}`;

  it("40 wrong passwords at once, then the right one: every guess counted, the right one refused", async () => {
    const { db, admin } = await createOrg();
    const ip = uniqueIp();
    const guesses = Array.from({ length: 40 }, (_, i) =>
      verifyCredentials(db, { email: admin.email, password: `guess-${i}-xx` }, new Date(), from(ip)),
    );
    expect((await Promise.all(guesses)).every((c) => c === null)).toBe(true);
    // Each guess is counted before its password is checked: the fifth locks the account, the rest are never checked.
    const [user] = await db.select().from(users).where(eq(users.id, admin.id));
    expect(user.failedLogins).toBe(FREE_ATTEMPTS);
    expect(user.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    expect(await verifyCredentials(db, { email: admin.email, password: admin.password }, new Date(), from(ip))).toBeNull();
  });

  it("an outsider cannot lock the owner out: the owner's known device still signs in", async () => {
    const { db, admin } = await createOrg();
    const owner = from(uniqueIp(), admin.id);
    expect(await verifyCredentials(db, { email: admin.email, password: admin.password }, new Date(), owner)).not.toBeNull();
    const attacker = from(uniqueIp());
    await Promise.all(
      Array.from({ length: 8 }, () => verifyCredentials(db, { email: admin.email, password: "not-it-at-all" }, new Date(), attacker)),
    );
    expect(await verifyCredentials(db, { email: admin.email, password: admin.password }, new Date(), attacker)).toBeNull();
    expect(await verifyCredentials(db, { email: admin.email, password: admin.password }, new Date(), owner)).toMatchObject({
      userId: admin.id,
    });
    // A known device of another user does not open this account's lock.
    await Promise.all(
      Array.from({ length: 6 }, () => verifyCredentials(db, { email: admin.email, password: "not-it-at-all" }, new Date(), attacker)),
    );
    expect(
      await verifyCredentials(db, { email: admin.email, password: admin.password }, new Date(), from(uniqueIp(), randomUUID())),
    ).toBeNull();
  });

  it("one address is capped across accounts, before any hashing; other addresses are not", async () => {
    const { db, admin } = await createOrg();
    const ip = uniqueIp();
    await Promise.all(
      Array.from({ length: IP_ATTEMPTS }, (_, i) =>
        verifyCredentials(db, { email: `nobody-${i}@example.test`, password: "whatever-1" }, new Date(), from(ip)),
      ),
    );
    expect(await verifyCredentials(db, { email: admin.email, password: admin.password }, new Date(), from(ip))).toBeNull();
    const [user] = await db.select().from(users).where(eq(users.id, admin.id));
    expect(user.failedLogins).toBe(0); // refused before the account was even looked at
    expect(await verifyCredentials(db, { email: admin.email, password: admin.password }, new Date(), from(uniqueIp()))).not.toBeNull();
  });

  it("every failure takes the same time: no account, wrong password, locked account", async () => {
    const { db, admin } = await createOrg();
    const ip = uniqueIp();
    const timed = async (email: string, password: string) => {
      const t = performance.now();
      expect(await verifyCredentials(db, { email, password }, new Date(), from(ip))).toBeNull();
      return performance.now() - t;
    };
    const unknown = await timed("nobody-here@example.test", "whatever-1");
    const wrong = await timed(admin.email!, "wrong-password");
    for (let i = 0; i < 5; i++) await timed(admin.email!, "wrong-password");
    const locked = await timed(admin.email!, admin.password);
    for (const t of [unknown, wrong, locked]) expect(t).toBeGreaterThanOrEqual(FAILURE_FLOOR_MS - 5);
    expect(Math.max(unknown, wrong, locked) - Math.min(unknown, wrong, locked)).toBeLessThan(150);
  });

  it("bcrypt's 72 bytes: a longer password is refused, never silently cut", async () => {
    const { db, org } = await createOrg();
    const seventyTwo = "é".repeat(36); // 72 bytes in UTF-8
    expect(newPasswordSchema.safeParse(seventyTwo).success).toBe(true);
    expect(newPasswordSchema.safeParse(seventyTwo + "x").error?.issues[0].message).toMatch(/at most 72 bytes/);
    const user = await createUser(db, org.id, { passwordHash: await hashPassword(seventyTwo) });
    expect(await verifyCredentials(db, { email: user.email, password: seventyTwo }, new Date(), from(uniqueIp()))).not.toBeNull();
    expect(await verifyCredentials(db, { email: user.email, password: seventyTwo + "anything" }, new Date(), from(uniqueIp()))).toBeNull();
  });

  it.each(["password123", "Qwertyuiop", "iloveyou123", "letmein123"])("refuses the common password %s", (password) => {
    expect(newPasswordSchema.safeParse(password).error?.issues[0].message).toMatch(/most common/);
  });
});
