import { rmSync } from "node:fs";
import postgres from "postgres";

/** The end-to-end run's own database and mailbox go with the run (the server made it afresh at the start). */
export default async function globalTeardown() {
  if (process.env.E2E_MAILBOX) rmSync(process.env.E2E_MAILBOX, { recursive: true, force: true });
  const name = process.env.E2E_DATABASE_NAME;
  const server = process.env.E2E_SERVER_DATABASE_URL;
  if (!name || !server) return;
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
  } catch {
    // no server to clean
  } finally {
    await admin.end();
  }
}
