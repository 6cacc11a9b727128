import postgres from "postgres";
import { serverDatabaseUrl } from "./env";

/** The end-to-end run's own database goes with the run (the server made it afresh at the start). */
export default async function globalTeardown() {
  const name = process.env.E2E_DATABASE_NAME;
  if (!name) return;
  const admin = postgres(serverDatabaseUrl(), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
  } catch {
    // no server to clean
  } finally {
    await admin.end();
  }
}
