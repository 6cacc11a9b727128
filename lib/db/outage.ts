import { sql } from "drizzle-orm";
import type { Db } from "./client";
import { DEADLINE_CODE } from "./deadline";
import { errorCodes } from "./error-codes";

// postgres.js's own codes for a lost or refused connection, and the SQLSTATEs of a server that is going away or
// not yet back: class 08 (connection exception) and 57P01-57P03 (shutdown, crash, cannot connect now).
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  DEADLINE_CODE,
  "57P01",
  "57P02",
  "57P03",
]);

/** The code that says the database is unreachable (a restart, a failover), or null for a query that is wrong. */
export function outageCode(error: unknown): string | null {
  return errorCodes(error).find((code) => CONNECTION_CODES.has(code) || code.startsWith("08")) ?? null;
}

/** Is this error the database being unreachable (a restart, a failover), rather than a query that is wrong? */
export const isDatabaseUnavailable = (error: unknown): boolean => outageCode(error) !== null;

/** Throws unless the database answers (within `withinMs`, when given). */
export async function pingDatabase(db: Db, withinMs?: number): Promise<void> {
  const ping = db.execute(sql`select 1`);
  if (!withinMs) {
    await ping;
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${withinMs} ms`), { code: DEADLINE_CODE })), withinMs);
  });
  try {
    await Promise.race([ping, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until the database answers again, or the deadline passes (false). */
export async function waitForDatabase(db: Db, deadline: number, everyMs = 1000): Promise<boolean> {
  while (Date.now() < deadline) {
    try {
      await pingDatabase(db);
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }
  return false;
}
