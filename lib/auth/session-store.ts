import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, inArray, lt, or } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { knownDevices, sessions } from "@/lib/db/schema";

/** A session ends after this long without a request... */
export const SESSION_IDLE_MS = 2 * 60 * 60_000;
/** ...and after this long whatever the activity (the session cookie's own lifetime is the same). */
export const SESSION_MAX_MS = 12 * 60 * 60_000;
/** The last-seen time is written at most this often: a page load is not a write. */
const TOUCH_EVERY_MS = 60_000;

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

/** A new session for a user who just signed in; the token goes in the session cookie, only its hash in the table. */
export async function openSession(
  db: Db,
  user: { userId: string; organizationId: string },
  device: string | null,
  now = new Date(),
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db.insert(sessions).values({
    tokenHash: hashOf(token),
    userId: user.userId,
    organizationId: user.organizationId,
    device: device?.slice(0, 300) || null,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + SESSION_MAX_MS),
  });
  return token;
}

/** The session of this token, if it is still open (and then seen now); an expired one is removed. */
export async function checkSession(db: Db, token: string, now = new Date()): Promise<{ userId: string; organizationId: string } | null> {
  const [row] = await db
    .select()
    .from(sessions)
    .where(eq(sessions.tokenHash, hashOf(token)));
  if (!row) return null;
  if (row.expiresAt <= now || now.getTime() - row.lastSeenAt.getTime() > SESSION_IDLE_MS) {
    await db.delete(sessions).where(eq(sessions.id, row.id));
    return null;
  }
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS)
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.id));
  return { userId: row.userId, organizationId: row.organizationId };
}

/** Sign-out: the session ends on the server, so a copy of its cookie opens nothing. */
export async function endSession(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, hashOf(token)));
}

/**
 * Every session of these users ends (a deactivation, an admin's e-mail change); with `devices`, their known devices
 * are forgotten too (a deactivation: nothing of the account's access is left).
 */
export async function endSessionsOf(db: Db, userIds: string[], { devices = false } = {}): Promise<number> {
  if (userIds.length === 0) return 0;
  const ended = await db.delete(sessions).where(inArray(sessions.userId, userIds)).returning({ id: sessions.id });
  if (devices) await db.delete(knownDevices).where(inArray(knownDevices.userId, userIds));
  return ended.length;
}

/** A person's open sessions, newest first, for an admin of their organization. */
export async function sessionsOf(db: Db, organizationId: string, userId: string, now = new Date()) {
  await db
    .delete(sessions)
    .where(
      and(eq(sessions.userId, userId), or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_MS)))),
    );
  return db
    .select({ id: sessions.id, device: sessions.device, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .where(and(eq(sessions.organizationId, organizationId), eq(sessions.userId, userId)))
    .orderBy(desc(sessions.lastSeenAt));
}

/** An admin ends one session of a person of their organization. */
export async function endSessionById(db: Db, organizationId: string, sessionId: string): Promise<boolean> {
  const ended = await db
    .delete(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.organizationId, organizationId)))
    .returning({ id: sessions.id });
  return ended.length > 0;
}
