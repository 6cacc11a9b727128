import { and, eq, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { burnPasswordCheck, verifyPassword } from "./password";

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(200),
});

export type SessionClaims = { userId: string; organizationId: string; role: "admin" | "member" };

export const FREE_ATTEMPTS = 5;
const BASE_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60_000;

/** How long an account stays locked after `failures` wrong passwords in a row (0 while under the free attempts). */
export function lockDuration(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_LOCK_MS, BASE_LOCK_MS * 2 ** (failures - FREE_ATTEMPTS));
}

/**
 * Checks an e-mail and password. Every failure (unknown e-mail, wrong password, deactivated, locked)
 * returns null, so the caller shows one generic message and nothing can be enumerated.
 */
export async function verifyCredentials(db: Db, input: unknown, now = new Date()): Promise<SessionClaims | null> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const candidates = await db
    .select()
    .from(users)
    .where(and(sql`lower(${users.email}) = ${email}`, isNotNull(users.passwordHash)));
  if (candidates.length === 0) {
    await burnPasswordCheck(password);
    return null;
  }
  for (const user of candidates) {
    if (user.lockedUntil && user.lockedUntil > now) continue;
    const ok = await verifyPassword(password, user.passwordHash!);
    if (!ok) {
      const failures = user.failedLogins + 1;
      const lock = lockDuration(failures);
      await db
        .update(users)
        .set({ failedLogins: failures, lockedUntil: lock ? new Date(now.getTime() + lock) : null })
        .where(eq(users.id, user.id));
      continue;
    }
    if (user.failedLogins > 0) {
      await db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
    }
    if (!user.active) return null;
    return { userId: user.id, organizationId: user.organizationId, role: user.role };
  }
  return null;
}
