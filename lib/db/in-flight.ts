import type postgres from "postgres";
import { metrics } from "@/lib/metrics";

/**
 * The postgres.js client, counting what holds one of its pool's connections (a statement outside a transaction, or a
 * whole transaction) in the `roster_db_pool_in_use` gauge of `pool`.
 */
export function countingInFlight(sql: postgres.Sql, pool: string): postgres.Sql {
  const gauge = metrics().statementsInFlight.labels({ pool });
  const counted = <T>(work: PromiseLike<T>): Promise<T> => {
    gauge.inc();
    return Promise.resolve(work).finally(() => gauge.dec());
  };
  const unsafe = (query: string, params?: unknown[], options?: unknown) => {
    const pending = sql.unsafe(query, params as never, options as never);
    // What drizzle uses of a pending query: awaiting it, or `.values()` (each sends the statement once, when asked).
    return {
      values: () => counted(pending.values()),
      then: (ok?: (v: unknown) => unknown, fail?: (e: unknown) => unknown) => counted(pending).then(ok, fail),
      catch: (fail: (e: unknown) => unknown) => counted(pending).catch(fail),
    };
  };
  const begin = (...args: unknown[]) => counted((sql.begin as (...a: unknown[]) => Promise<unknown>)(...args));
  return new Proxy(sql, {
    get: (target, prop, receiver) => (prop === "unsafe" ? unsafe : prop === "begin" ? begin : Reflect.get(target, prop, receiver)),
  });
}
