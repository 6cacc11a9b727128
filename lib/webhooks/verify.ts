import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/** Deliveries older (or further ahead) than this are refused: a captured delivery cannot be replayed later. */
const MAX_AGE_MS = 5 * 60_000;
/** The largest body accepted; BambooHR's deliveries are a few KB. */
export const MAX_BODY_BYTES = 1_000_000;

const HEX_SIGNATURE = /^[0-9a-f]{64}$/i;

export type Verdict = { ok: true } | { ok: false; reason: string };

/** `X-BambooHR-Timestamp`: Unix seconds (as seen), milliseconds, or an ISO date. */
export function parseTimestamp(value: string): number | null {
  const text = value.trim();
  if (/^\d{9,11}$/.test(text)) return Number(text) * 1000;
  if (/^\d{12,14}$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * BambooHR signs a delivery with HMAC-SHA256(private key, raw body + timestamp header), in hex. Checked
 * in constant time, on the raw bytes as received (a body parsed and re-serialised would not match).
 */
export function verifyDelivery(
  privateKey: string,
  rawBody: Buffer,
  headers: { signature: string | null; timestamp: string | null },
  now = Date.now(),
): Verdict {
  if (!headers.signature || !headers.timestamp) return { ok: false, reason: "unsigned" };
  const at = parseTimestamp(headers.timestamp);
  if (at === null) return { ok: false, reason: "unreadable timestamp" };
  if (Math.abs(now - at) > MAX_AGE_MS) return { ok: false, reason: "stale timestamp" };
  // Lowercase hex, as documented (upper case is the same bytes); nothing else is a signature.
  const text = headers.signature.trim();
  if (!HEX_SIGNATURE.test(text)) return { ok: false, reason: "signature not hex" };
  const expected = createHmac("sha256", privateKey).update(rawBody).update(headers.timestamp).digest();
  if (!timingSafeEqual(Buffer.from(text, "hex"), expected)) return { ok: false, reason: "bad signature" };
  return { ok: true };
}

/**
 * What makes one delivery itself: its timestamp and the signature's bytes (the same delivery again has both, however
 * the hex is written). Only for a verified delivery, whose signature is hex.
 */
export const deliveryDigest = (timestamp: string, signature: string) =>
  createHash("sha256").update(timestamp.trim()).update(":").update(Buffer.from(signature.trim(), "hex")).digest("hex");

const id = z.union([z.string(), z.number()]).transform(String);
const eventSchema = z.object({ type: z.string().optional(), data: z.object({ employeeId: id }).passthrough() }).passthrough();
const fieldBasedSchema = z.object({ employees: z.array(z.object({ id }).passthrough()) }).passthrough();

/**
 * The employees a delivery names: an event (`{type, data: {employeeId}}`), a list of events, or a field-based
 * delivery (`{employees: [{id}]}`). Null when the body is none of these.
 */
export function changedEmployeeIds(body: string): string[] | null {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  const events = Array.isArray(json) ? json : [json];
  const ids: string[] = [];
  for (const event of events) {
    const single = eventSchema.safeParse(event);
    if (single.success) {
      ids.push(single.data.data.employeeId);
      continue;
    }
    const many = fieldBasedSchema.safeParse(event);
    if (!many.success) return null;
    ids.push(...many.data.employees.map((e) => e.id));
  }
  return [...new Set(ids)];
}
