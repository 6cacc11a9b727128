import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_PGLITE_PORT = Number(process.env.E2E_PGLITE_PORT ?? 3101);
export const E2E_EMULATOR_PORT = Number(process.env.E2E_EMULATOR_PORT ?? 4011);
export const E2E_SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 4025);
// What the app under test mails (sign-in links, notifications) lands here, one file per message.
process.env.E2E_MAILBOX ??= path.join(tmpdir(), `roster-e2e-mail-${process.pid}`);
// This run's own database (two runs on one server do not meet); its workers and servers inherit the name.
process.env.E2E_DATABASE_NAME ??= `roster_e2e_${process.pid}`;
// The server it lives on, read before the fixtures point DATABASE_URL at that database.
process.env.E2E_SERVER_DATABASE_URL ??= process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  // One browser at a time: the app under test is one server and the suites share its first-run state.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: "test-results",
  reporter: [["list"], ["json"]],
  globalTeardown: "./e2e/support/global-teardown.ts",
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: [
    {
      command: "npx tsx e2e/support/server.ts",
      url: `http://127.0.0.1:${E2E_PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      stderr: "pipe",
    },
    {
      command: "npx tsx e2e/support/server.ts pglite",
      url: `http://127.0.0.1:${E2E_PGLITE_PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      stderr: "pipe",
    },
  ],
});
