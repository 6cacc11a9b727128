import { sql, type SQL } from "drizzle-orm";

/**
 * `json_to_recordset($1::json) as r(col type, ...)`: a whole batch of rows as ONE bind parameter.
 * Much faster than thousands of VALUES parameters, and never near PostgreSQL's 65,535-parameter limit.
 * Row keys must be the snake_case column names given in `columns`.
 */
export function recordset(rows: ReadonlyArray<Record<string, unknown>>, columns: Record<string, string>, alias = "r"): SQL {
  const definition = Object.entries(columns)
    .map(([name, type]) => `${name} ${type}`)
    .join(", ");
  return sql`json_to_recordset(${JSON.stringify(rows)}::json) as ${sql.raw(alias)}(${sql.raw(definition)})`;
}

/** postgres.js returns rows as the result itself; PGlite wraps them in `{ rows }`. */
export function rowsOf<T>(result: T[] | { rows: T[] }): T[] {
  return Array.isArray(result) ? result : result.rows;
}

/**
 * Runs `write(0)` … `write(count - 1)` in order with one write in flight while the next is prepared: the database
 * stores one chunk while this process serialises the next (on one connection or transaction, they stay in order).
 */
export async function pipelined(count: number, write: (index: number) => Promise<unknown>): Promise<void> {
  let inFlight: Promise<unknown> | null = null;
  try {
    for (let i = 0; i < count; i++) {
      const next = write(i);
      if (inFlight) await inFlight;
      inFlight = next;
    }
  } finally {
    // Settled before a failure propagates, so that nothing is left running on the connection.
    if (inFlight) await inFlight.catch(() => {});
  }
  await inFlight;
}
