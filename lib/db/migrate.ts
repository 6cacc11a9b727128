import path from "node:path";
import { getDatabase } from "./client";

const migrationsFolder = path.join(process.cwd(), "drizzle");

/** Applies the committed drizzle-kit migrations; safe to call on every boot. */
export async function migrateDatabase(): Promise<void> {
  const handle = await getDatabase();
  if (handle.driver === "postgres") {
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator wants its driver's own type
    await migrate(handle.db as any, { migrationsFolder });
  } else {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator wants its driver's own type
    await migrate(handle.db as any, { migrationsFolder });
  }
}
