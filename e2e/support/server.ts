import { spawn } from "node:child_process";
import postgres from "postgres";
import { startEmulator } from "@/lib/bamboohr/emulator/server";
import { E2E_EMULATOR_PORT, E2E_PORT } from "../../playwright.config";
import { E2E_AUTH_SECRET, E2E_ENCRYPTION_KEY, e2eDatabaseUrl, serverDatabaseUrl } from "./env";

// The system under test: a fresh database, the BambooHR emulator (control API on), and `next start`.
async function main() {
  const url = e2eDatabaseUrl();
  const name = new URL(url).pathname.slice(1);
  const admin = postgres(serverDatabaseUrl(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();

  const emulator = await startEmulator({ companies: [], port: E2E_EMULATOR_PORT, control: true });
  const app = spawn("npx", ["next", "start", "-p", String(E2E_PORT), "-H", "127.0.0.1"], {
    stdio: "inherit",
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: url,
      AUTH_SECRET: E2E_AUTH_SECRET,
      AUTH_TRUST_HOST: "true",
      ENCRYPTION_KEY: E2E_ENCRYPTION_KEY,
      BAMBOOHR_BASE_URL: emulator.url,
      BAMBOOHR_TIMEOUT_MS: "5000",
      APP_URL: `http://127.0.0.1:${E2E_PORT}`,
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
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

void main();
