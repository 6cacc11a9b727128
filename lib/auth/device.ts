import { createHash, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { knownDevices } from "@/lib/db/schema";

/** A cookie that marks a browser where the user signed in before: the account lock does not hold it back. */
export const DEVICE_COOKIE = "roster_device";
export const DEVICE_MAX_AGE_S = 365 * 24 * 3600;

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

/** A new known device of this user; only the token's hash is stored, so a deactivation or an admin can revoke it. */
export async function rememberDevice(db: Db, userId: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db.insert(knownDevices).values({ tokenHash: hashOf(token), userId });
  return token;
}

/** The user a device cookie vouches for, or null when it is missing, revoked or not ours. */
export async function deviceOwner(db: Db, token: string | undefined): Promise<string | null> {
  if (!token || token.length > 100) return null;
  const [row] = await db
    .select({ userId: knownDevices.userId })
    .from(knownDevices)
    .where(eq(knownDevices.tokenHash, hashOf(token)));
  return row?.userId ?? null;
}

export function cookieValue(cookieHeader: string | null, name: string): string | undefined {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) {
      try {
        return decodeURIComponent(rest.join("="));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
