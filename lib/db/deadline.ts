import type postgres from "postgres";
import { aroundStatements } from "./around-statements";

/** The code of a statement that got no answer in time: the database is treated as unreachable (lib/db/outage.ts). */
export const DEADLINE_CODE = "STATEMENT_DEADLINE";

/** Rejects when `promise` has not settled within `ms`; the statement itself is left to end on its own. */
function within<T>(promise: PromiseLike<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(Object.assign(new Error(`The database did not answer within ${ms / 1000} s.`), { code: DEADLINE_CODE })),
      ms,
    );
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}

/**
 * The postgres.js client, with every statement outside a transaction given `ms` to answer. A database that stops
 * answering (a slow shutdown, a network that drops packets) would otherwise keep a page waiting for the whole outage,
 * on its statement or on a pool whose connections all wait too; with a deadline the page shows the database error.
 */
export function withStatementDeadline(sql: postgres.Sql, ms: number): postgres.Sql {
  return aroundStatements(sql, (send) => within(send(), ms));
}
