import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// `npm run test:faults`: the fault-injection suite (e2e/faults). Each case starts its own processes (next start on
// PostgreSQL, the BambooHR emulator), so there is no webServer here; it restarts PostgreSQL, so nothing else may
// use the database server while it runs (`npm test` runs it last).
export default defineConfig({
  ...base,
  testDir: "e2e/faults",
  testMatch: "**/*.fault.ts",
  timeout: 6 * 60_000,
  expect: { timeout: 30_000 },
  outputDir: "test-results/faults",
  webServer: undefined,
});
