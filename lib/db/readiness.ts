import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Db } from "./client";
import { rowsOf } from "./bulk";
import { pingDatabase } from "./outage";

/** How many migrations this build ships (drizzle-kit's journal, beside the server). */
function shippedMigrations(): number {
  const journal = JSON.parse(readFileSync(path.join(process.cwd(), "drizzle", "meta", "_journal.json"), "utf8")) as { entries: unknown[] };
  return journal.entries.length;
}

/**
 * Why the database is not ready for this build, or null: it answers within `withinMs`, and every migration the build
 * ships is applied (a new build boots before its migrations have run, or while another instance runs them).
 */
export async function databaseProblem(db: Db, withinMs: number): Promise<string | null> {
  try {
    await pingDatabase(db, withinMs);
  } catch {
    return "database unreachable";
  }
  const result = await db
    .execute<{ applied: number }>(sql`select count(*)::int as applied from drizzle.__drizzle_migrations`)
    .catch(() => null);
  const applied = result ? (rowsOf(result as unknown as Array<{ applied: number }>)[0]?.applied ?? 0) : 0;
  const shipped = shippedMigrations();
  return applied < shipped ? `database migrations not applied (${applied} of ${shipped})` : null;
}
