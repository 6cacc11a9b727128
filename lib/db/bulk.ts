import { sql, type SQL } from "drizzle-orm";

/**
 * A whole batch of rows as ONE bind parameter, read as a table `alias(col, ...)` of the given types: one parameter
 * whatever the batch's size, never near PostgreSQL's limit on parameters. Row keys are the snake_case column names given
 * in `columns`. Each row is sent as a JSON array of its values, not an object: the keys are not repeated, and `jsonb`
 * reads an element by its place. A `json` column's value travels as its text, so that PostgreSQL stores it exactly as
 * given (jsonb would reorder its keys).
 */
export function recordset(rows: ReadonlyArray<Record<string, unknown>>, columns: Record<string, string>, alias = "r"): SQL {
  const names = Object.keys(columns);
  const json = names.map((name) => columns[name] === "json");
  const values = rows.map((row) =>
    names.map((name, i) => {
      const value = row[name] ?? null;
      return json[i] && value !== null ? JSON.stringify(value) : value;
    }),
  );
  const select = names.map((name, i) => `(e->>${i})::${columns[name]} as ${name}`).join(", ");
  return sql`(select ${sql.raw(select)} from jsonb_array_elements(${JSON.stringify(values)}::jsonb) as e) as ${sql.raw(alias)}`;
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
