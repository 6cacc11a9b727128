import type postgres from "postgres";

/** What is done around sending one statement: `send` sends it (once per call) and answers its result. */
type Around = <T>(send: () => Promise<T>) => Promise<T>;

/**
 * The postgres.js client with every statement outside a transaction passed through `around`. What drizzle uses of a
 * pending query is awaiting it or `.values()`; either sends the statement when asked. Transactions (`begin`) keep their
 * own connection and are left as they are, unless `begin` is given.
 */
export function aroundStatements(sql: postgres.Sql, around: Around, begin?: Around): postgres.Sql {
  const unsafe = (query: string, params?: unknown[], options?: unknown) => {
    const send = () => sql.unsafe(query, params as never, options as never);
    const run = () => around(() => Promise.resolve(send()));
    return {
      values: () => around(() => Promise.resolve(send().values())),
      then: (ok?: (v: unknown) => unknown, fail?: (e: unknown) => unknown) => run().then(ok, fail),
      catch: (fail: (e: unknown) => unknown) => run().catch(fail),
    };
  };
  const wrappedBegin = begin && ((...args: unknown[]) => begin(() => (sql.begin as (...a: unknown[]) => Promise<unknown>)(...args)));
  return new Proxy(sql, {
    get: (target, prop, receiver) =>
      prop === "unsafe" ? unsafe : prop === "begin" && wrappedBegin ? wrappedBegin : Reflect.get(target, prop, receiver),
  });
}
