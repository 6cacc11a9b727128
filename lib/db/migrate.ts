import path from "node:path";
import { env } from "@/lib/env";
import { getDatabase } from "./client";

const migrationsFolder = path.join(process.cwd(), "drizzle");
const MIGRATION_LOCK = 7_226_371; // any constant: one migrator at a time per database

/**
 * Applies the committed drizzle-kit migrations; safe to call on every boot. On PostgreSQL several app
 * instances may boot at once, so the migration runs on its own connection under an advisory lock.
 */
export async function migrateDatabase(): Promise<void> {
  const handle = await getDatabase();
  if (handle.driver === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator wants its driver's own type
    await migrate(handle.db as any, { migrationsFolder });
    return;
  }
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const sql = postgres(env().DATABASE_URL!, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(drizzle(sql), { migrationsFolder });
  } finally {
    await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
    await sql.end();
  }
}
