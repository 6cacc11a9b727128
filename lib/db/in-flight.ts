import type postgres from "postgres";
import { metrics } from "@/lib/metrics";
import { aroundStatements } from "./around-statements";

/**
 * The postgres.js client, counting what holds one of its pool's connections (a statement outside a transaction, or a
 * whole transaction) in the `roster_db_pool_in_use` gauge of `pool`.
 */
export function countingInFlight(sql: postgres.Sql, pool: string): postgres.Sql {
  const gauge = metrics().statementsInFlight.labels({ pool });
  const counted = async <T>(send: () => Promise<T>): Promise<T> => {
    gauge.inc();
    try {
      return await send();
    } finally {
      gauge.dec();
    }
  };
  return aroundStatements(sql, counted, counted);
}
