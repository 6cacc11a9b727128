import { withLogContext } from "./logger";
import { REQUEST_ID_HEADER, requestIdOf } from "./request-id";

/** Runs `fn` with the request's id on every line it logs (and on the lines of whatever it starts). */
export function withRequestLog<T>(headers: Pick<Headers, "get">, fn: () => T): T {
  return withLogContext({ requestId: requestIdOf(headers.get(REQUEST_ID_HEADER)) }, fn);
}
