import { env } from "@/lib/env";

/**
 * The address of the peer that opened the connection, put on every request by the server entry
 * (`scripts/peer-address.cjs`, loaded by `npm start`, `npm run dev` and the container), replacing any value a client sent.
 */
export const PEER_HEADER = "x-roster-peer";

/**
 * The client's address, for the per-address limits. With no trusted proxy (`TRUSTED_PROXIES=0`, the default)
 * `X-Forwarded-For` is not read at all: it is whatever the client wrote. Behind N proxies, the entry the outermost
 * of them wrote (the N-th from the right) is the first one a client cannot choose.
 */
export function clientAddress(headers: Headers, trustedProxies = env().TRUSTED_PROXIES): string {
  const peer = headers.get(PEER_HEADER) || "unknown";
  if (trustedProxies === 0) return peer;
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return hops.at(-trustedProxies) ?? hops[0] ?? peer;
}
