import { metrics } from "@/lib/metrics";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { signInSettings, users } from "@/lib/db/schema";
import { claimAttempt, returnAttempt } from "./throttle";
import { fitsBcrypt, verifyPassword } from "./password";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  // Longer than bcrypt reads can never be a password we set: refused before any hashing.
  password: z.string().min(1).refine(fitsBcrypt),
});

export type SessionClaims = { userId: string; organizationId: string; role: "admin" | "member" };

/** Where an attempt comes from: the client address, and the user a signed known-device cookie vouches for. */
export type SignInContext = { ip: string; knownDeviceOf: string | null };
const ANONYMOUS: SignInContext = { ip: "unknown", knownDeviceOf: null };

export const FREE_ATTEMPTS = 5;
const BASE_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60_000;
/** Attempts one client address may make in a window, across all accounts (a success gives its attempt back). */
export const IP_ATTEMPTS = 300;
const IP_WINDOW_MS = 15 * 60_000;
/** Every failure takes at least this long, whichever way it failed (no account, wrong password, locked, throttled). */
export const FAILURE_FLOOR_MS = 600;

/** How long an account stays locked after `failures` wrong passwords in a row (0 while under the free attempts). */
export function lockDuration(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_LOCK_MS, BASE_LOCK_MS * 2 ** (failures - FREE_ATTEMPTS));
}

/**
 * One attempt on an account, counted before the password is checked, in one statement: parallel guesses each
 * count, and the one that reaches the free attempts locks the account for those after it. A known device of
 * the account is not held back by the lock (so an outsider cannot lock its owner out). False: locked.
 */
async function claimAccountAttempt(db: Db, userId: string, now: Date, knownDevice: boolean): Promise<boolean> {
  const next = sql`${users.failedLogins} + 1`;
  const rows = await db
    .update(users)
    .set({
      failedLogins: next,
      lockedUntil: sql`case when ${next} >= ${FREE_ATTEMPTS}
        then ${now.toISOString()}::timestamptz + make_interval(secs => least(${MAX_LOCK_MS / 1000}, ${BASE_LOCK_MS / 1000} * power(2, ${next} - ${FREE_ATTEMPTS})))
        else ${users.lockedUntil} end`,
    })
    .where(
      and(
        eq(users.id, userId),
        knownDevice ? sql`true` : sql`(${users.lockedUntil} is null or ${users.lockedUntil} <= ${now.toISOString()}::timestamptz)`,
      ),
    )
    .returning({ id: users.id });
  return rows.length === 1;
}

const addressKey = (ip: string) => `ip:${ip}`;

async function recordSuccess(db: Db, userId: string, ip: string) {
  await db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, userId));
  await returnAttempt(db, addressKey(ip));
}

/**
 * Checks an e-mail and password. Every failure (unknown e-mail, wrong password, deactivated, locked,
 * throttled) returns null after the same minimum time, so the caller shows one generic message and
 * nothing can be enumerated. Throttling happens before any hashing.
 */
export async function verifyCredentials(
  db: Db,
  input: unknown,
  now = new Date(),
  context: SignInContext = ANONYMOUS,
): Promise<SessionClaims | null> {
  const started = Date.now();
  const { claims, refused } = await check(db, input, now, context);
  metrics().signIns.inc({ result: claims ? "ok" : "refused", reason: refused ?? "password" });
  if (!claims) {
    const wait = FAILURE_FLOOR_MS - (Date.now() - started);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  return claims;
}

/** Why a sign-in was refused, for the metrics only (the person is told nothing of it). */
type Refusal = "invalid_input" | "address_throttled" | "unknown_account" | "locked" | "wrong_password" | "inactive" | "sso_only";

async function ssoOnly(db: Db, organizationId: string): Promise<boolean> {
  const [settings] = await db
    .select({ ssoOnly: signInSettings.ssoOnly })
    .from(signInSettings)
    .where(eq(signInSettings.organizationId, organizationId));
  return settings?.ssoOnly ?? false;
}

async function check(
  db: Db,
  input: unknown,
  now: Date,
  context: SignInContext,
): Promise<{ claims: SessionClaims; refused?: undefined } | { claims: null; refused: Refusal }> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return { claims: null, refused: "invalid_input" };
  const { email, password } = parsed.data;
  if (!(await claimAttempt(db, addressKey(context.ip), IP_ATTEMPTS, IP_WINDOW_MS, now)))
    return { claims: null, refused: "address_throttled" };
  const candidates = await db
    .select()
    .from(users)
    .where(and(sql`lower(${users.email}) = ${email}`, isNotNull(users.passwordHash)));
  let refused: Refusal = "unknown_account";
  for (const user of candidates) {
    if (!(await claimAccountAttempt(db, user.id, now, context.knownDeviceOf === user.id))) {
      refused = "locked";
      continue;
    }
    if (!(await verifyPassword(password, user.passwordHash!))) {
      refused = "wrong_password";
      continue;
    }
    await recordSuccess(db, user.id, context.ip);
    if (!user.active) return { claims: null, refused: "inactive" };
    // With SSO only, a password opens only an admin account: the break-glass way in when the provider is down.
    if (user.role !== "admin" && (await ssoOnly(db, user.organizationId))) return { claims: null, refused: "sso_only" };
    return { claims: { userId: user.id, organizationId: user.organizationId, role: user.role } };
  }
  return { claims: null, refused };
}
