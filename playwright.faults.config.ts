import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// `npm run test:faults`: the fault-injection suite (e2e/faults). Each case starts its own processes (next start on
// PostgreSQL, the BambooHR emulator), so there is no webServer here. Its PostgreSQL is a throwaway cluster of its own
// (global-setup.ts), which the database cases stop and start; the machine's is never touched.
export default defineConfig({
  ...base,
  testDir: "e2e/faults",
  testMatch: "**/*.fault.ts",
  globalSetup: "./e2e/faults/global-setup.ts",
  // Its own cluster is removed by the function global-setup returns; the e2e run's database is not its business.
  globalTeardown: undefined,
  timeout: 6 * 60_000,
  expect: { timeout: 30_000 },
  outputDir: "test-results/faults",
  webServer: undefined,
});
