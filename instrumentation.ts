export async function register() {
  // Node-only modules are imported here so that no edge bundle tries to compile postgres.js.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { migrateDatabase } = await import("@/lib/db/migrate");
    const { log } = await import("@/lib/log/logger");
    const started = Date.now();
    await migrateDatabase();
    log.info("database ready", { ms: Date.now() - started, driver: process.env.DATABASE_URL ? "postgres" : "pglite" });
  }
}
