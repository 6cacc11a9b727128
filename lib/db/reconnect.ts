import type postgres from "postgres";
import { aroundStatements } from "./around-statements";

/** A server that ended this connection (restart, failover) before running the statement: safe to send again. */
const ENDED_BY_SERVER = new Set(["57P01", "57P02", "57P03"]);

/**
 * The postgres.js client, with a statement outside a transaction sent once more when the server had ended its
 * connection (a pooled connection from before a database restart can still answer so, once). Statements inside a
 * transaction (`begin`) are never repeated: the transaction fails and its caller decides.
 */
export function retryingOnceAfterRestart(sql: postgres.Sql): postgres.Sql {
  return aroundStatements(sql, (send) =>
    send().catch((error: unknown) => {
      if (!ENDED_BY_SERVER.has(String((error as { code?: unknown }).code))) throw error;
      return send();
    }),
  );
}
