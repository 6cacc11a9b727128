import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** A signed cookie that marks a browser where the user signed in before: the account lock does not hold it back. */
export const DEVICE_COOKIE = "roster_device";
export const DEVICE_MAX_AGE_S = 365 * 24 * 3600;

const mac = (secret: string, userId: string, nonce: string) =>
  createHmac("sha256", secret).update(`known-device:${userId}:${nonce}`).digest("base64url");

export function deviceToken(secret: string, userId: string): string {
  const nonce = randomBytes(16).toString("base64url");
  return `${userId}.${nonce}.${mac(secret, userId, nonce)}`;
}

/** The user a device cookie vouches for, or null when it is missing or not ours. */
export function deviceOwner(secret: string, token: string | undefined): string | null {
  const [userId, nonce, signature] = (token ?? "").split(".");
  if (!userId || !nonce || !signature) return null;
  const expected = Buffer.from(mac(secret, userId, nonce));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? userId : null;
}

/** The client address: the last X-Forwarded-For entry (the one the nearest proxy, or Next itself, wrote). */
export function clientIp(forwardedFor: string | null): string {
  const last = (forwardedFor ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .at(-1);
  return last ?? "unknown";
}

export function cookieValue(cookieHeader: string | null, name: string): string | undefined {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}
