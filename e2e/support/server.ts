import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { demoCompany } from "@/lib/bamboohr/emulator/cli";
import { startEmulator } from "@/lib/bamboohr/emulator/server";
import { E2E_EMULATOR_PORT, E2E_PGLITE_PORT, E2E_PORT, E2E_SMTP_PORT } from "../../playwright.config";
import { startMailbox } from "./mailbox";
import { E2E_AUTH_SECRET, E2E_ENCRYPTION_KEY, E2E_SETUP_TOKEN, e2eDatabaseUrl, serverDatabaseUrl } from "./env";
import { withHeapLimit } from "@/lib/heap-limit";
import { startStandalone } from "./standalone";

// A system under test: the BambooHR emulator and the standalone server (`npm start`) beside it. `postgres` (default): a fresh
// PostgreSQL database and an emulator with its control API on; `pglite`: the embedded default of
// `npm run demo` (PGlite in a new folder, the demo company, no DATABASE_URL).
async function main(kind: "postgres" | "pglite") {
  let env: Record<string, string>;
  let port: number;
  let emulatorPort: number;
  if (kind === "postgres") {
    const url = e2eDatabaseUrl();
    const name = new URL(url).pathname.slice(1);
    const admin = postgres(serverDatabaseUrl(), { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    await startMailbox(E2E_SMTP_PORT);
    env = { DATABASE_URL: url, SETUP_TOKEN: E2E_SETUP_TOKEN, SMTP_URL: `smtp://127.0.0.1:${E2E_SMTP_PORT}` };
    port = E2E_PORT;
    emulatorPort = E2E_EMULATOR_PORT;
  } else {
    // As `npm run demo` runs it: demo mode, with the open first-setup page.
    env = { DATABASE_URL: "", PGLITE_DIR: mkdtempSync(path.join(tmpdir(), "roster-e2e-pglite-")), ROSTER_DEMO: "1" };
    port = E2E_PGLITE_PORT;
    emulatorPort = E2E_EMULATOR_PORT + 1;
  }
  const emulator = await startEmulator({
    companies: kind === "pglite" ? [demoCompany()] : [],
    port: emulatorPort,
    control: kind === "postgres",
    // A failed webhook delivery is tried again after 2 s (BambooHR: 5 minutes).
    webhookRetryMs: 2_000,
  });
  const app = startStandalone(
    port,
    {
      ...withHeapLimit(process.env),
      NODE_ENV: "production",
      AUTH_SECRET: E2E_AUTH_SECRET,
      AUTH_TRUST_HOST: "true",
      ENCRYPTION_KEY: E2E_ENCRYPTION_KEY,
      BAMBOOHR_BASE_URL: emulator.url,
      BAMBOOHR_TIMEOUT_MS: "15000",
      APP_URL: `http://127.0.0.1:${port}`,
      NEXT_TELEMETRY_DISABLED: "1",
      ...env,
    },
    "inherit",
  );
  const stop = () => {
    app.kill("SIGTERM");
    void emulator.close();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  app.on("exit", (code) => {
    void emulator.close();
    process.exit(code ?? 0);
  });
}

void main(process.argv[2] === "pglite" ? "pglite" : "postgres");
