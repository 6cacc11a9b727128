export async function register() {
  // Node-only modules are imported here so that no edge bundle tries to compile postgres.js.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { keepServingWhenOutputCloses } = await import("@/lib/jobs/shutdown");
    keepServingWhenOutputCloses();
    const { ConfigError, env } = await import("@/lib/env");
    try {
      env();
    } catch (error) {
      // A wrong configuration stops the server at boot, naming the variable, rather than failing a page later.
      if (error instanceof ConfigError) {
        console.error(error.message);
        process.exit(1);
      }
      throw error;
    }
    const { migrateDatabase } = await import("@/lib/db/migrate");
    const { log } = await import("@/lib/log/logger");
    const started = Date.now();
    await migrateDatabase();
    log.info("database ready", { ms: Date.now() - started, driver: process.env.DATABASE_URL ? "postgres" : "pglite" });
    const { announceSetupToken } = await import("@/lib/auth/setup-announce");
    await announceSetupToken();
    const { jobRunner } = await import("@/lib/jobs/current-runner");
    await (await jobRunner()).start();
    const { shutDown } = await import("@/lib/jobs/shutdown");
    process.once("SIGTERM", () => void shutDown());
  }
}
