import type postgres from "postgres";

/** A server that ended this connection (restart, failover) before running the statement: safe to send again. */
const ENDED_BY_SERVER = new Set(["57P01", "57P02", "57P03"]);

/**
 * The postgres.js client, with a statement outside a transaction sent once more when the server had ended its
 * connection (a pooled connection from before a database restart can still answer so, once). Statements inside a
 * transaction (`begin`) are never repeated: the transaction fails and its caller decides.
 */
export function retryingOnceAfterRestart(sql: postgres.Sql): postgres.Sql {
  const again = <T>(attempt: () => Promise<T>) =>
    attempt().catch((error: unknown) => {
      if (!ENDED_BY_SERVER.has(String((error as { code?: unknown }).code))) throw error;
      return attempt();
    });
  const unsafe = (query: string, params?: unknown[], options?: unknown) => {
    const send = () => sql.unsafe(query, params as never, options as never);
    const run = () => again(() => Promise.resolve(send()));
    // What drizzle uses of a pending query: awaiting it, or `.values()`.
    return {
      values: () => again(() => Promise.resolve(send().values())),
      then: (ok?: (v: unknown) => unknown, fail?: (e: unknown) => unknown) => run().then(ok, fail),
      catch: (fail: (e: unknown) => unknown) => run().catch(fail),
    };
  };
  return new Proxy(sql, { get: (target, prop, receiver) => (prop === "unsafe" ? unsafe : Reflect.get(target, prop, receiver)) });
}
