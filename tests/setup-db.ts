import { afterAll } from "vitest";
import { closeDatabase } from "@/lib/db/client";

// Without DATABASE_URL each test file opens its own in-memory PGlite (migrated on open).
process.env.PGLITE_DIR = "memory://";
process.env.ENCRYPTION_KEY ??= "test:" + Buffer.alloc(32, 7).toString("base64");
process.env.LOG_LEVEL ??= "warn";

afterAll(async () => {
  await closeDatabase();
});
