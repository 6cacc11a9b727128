import { eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { loginThrottles } from "@/lib/db/schema";

/**
 * One attempt under `key` (a client address, an e-mail address), counted in one statement so parallel attempts each
 * count; false once the key used up `limit` attempts in its window.
 */
export async function claimAttempt(db: Db, key: string, limit: number, windowMs: number, now: Date): Promise<boolean> {
  const expired = sql`${loginThrottles.windowStartedAt} < ${new Date(now.getTime() - windowMs).toISOString()}::timestamptz`;
  const [row] = await db
    .insert(loginThrottles)
    .values({ key: key.slice(0, 128), failures: 1, windowStartedAt: now })
    .onConflictDoUpdate({
      target: loginThrottles.key,
      set: {
        failures: sql`case when ${expired} then 1 else ${loginThrottles.failures} + 1 end`,
        windowStartedAt: sql`case when ${expired} then ${now.toISOString()}::timestamptz else ${loginThrottles.windowStartedAt} end`,
      },
    })
    .returning({ failures: loginThrottles.failures });
  return row.failures <= limit;
}

/** Gives one attempt back (a successful sign-in does not count against its address). */
export async function returnAttempt(db: Db, key: string): Promise<void> {
  await db
    .update(loginThrottles)
    .set({ failures: sql`greatest(${loginThrottles.failures} - 1, 0)` })
    .where(eq(loginThrottles.key, key.slice(0, 128)));
}
