/** The header that carries a request's id: set by the proxy (or kept from a load balancer in front), echoed back. */
export const REQUEST_ID_HEADER = "x-request-id";

/** An id from outside is kept when it is a plain token; anything else is replaced. */
export function requestIdOf(given: string | null): string {
  return given && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : crypto.randomUUID();
}
