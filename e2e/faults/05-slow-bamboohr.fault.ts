import { expect, test } from "@playwright/test";
import { App, withProcesses, connectedOrganization, Emulator, figure, pressSyncNow, signIn, waitForRun } from "./harness";

// Short limits, so that minutes of slowness fit in seconds: a silence of 3 s is a stall, a whole answer may take 20 s.
const emulator = new Emulator(2_000);
const app = new App(3200, emulator, { BAMBOOHR_TIMEOUT_MS: "3000", BAMBOOHR_DOWNLOAD_LIMIT_MS: "20000" });

withProcesses(emulator, app);

test("[FAULTS] slow and stalled BambooHR: a slow report arrives, an endless one and a stalled one end the run in words an admin can act on", async ({
  page,
}) => {
  const org = await connectedOrganization();
  await signIn(page, app, org.email);
  const lastSync = page.getByText(/^Last sync:/);

  // Slow but steady (a chunk every 1.5 s for about 12 s): it arrives, and the sync succeeds.
  await emulator.control("fault", { fault: { type: "trickle", chunks: 8, everyMs: 1500 } });
  let started = Date.now();
  await pressSyncNow(page, app);
  const slow = await waitForRun(org.integrationId, (r) => r.status !== "running", 60_000);
  figure("a report trickling in for about 12 s", `${slow.run.status} after ${Date.now() - started} ms`);
  expect(slow.run.status).toMatch(/^succeeded/);

  // Steady but endless (a chunk a second for minutes): stopped at the download limit, not retried, run closed.
  await emulator.control("fault", { fault: { type: "trickle", chunks: 400, everyMs: 1000 }, times: 5 });
  started = Date.now();
  await pressSyncNow(page, app);
  const endless = await waitForRun(org.integrationId, (r) => r.id !== slow.run.id && r.status !== "running", 90_000);
  figure("a report that would trickle for minutes", `${endless.run.status} after ${Date.now() - started} ms`);
  expect(endless.run.status).toBe("failed");
  expect(endless.run.error).toMatch(/still arriving after 20 seconds .*changed nothing.*BAMBOOHR_DOWNLOAD_LIMIT_MS/);
  await page.goto(`${app.url}/admin/integrations`);
  await expect(lastSync).toContainText("Failed");
  await expect(page.getByText(/still arriving after 20 seconds/).first()).toBeVisible();
  await emulator.control("clear-faults", {});

  // Stalls mid-body, every attempt: each attempt ends after 3 s of silence, then the run fails.
  await emulator.control("fault", { fault: { type: "stall" }, times: 10 });
  started = Date.now();
  await pressSyncNow(page, app);
  const stalled = await waitForRun(org.integrationId, (r) => r.id !== endless.run.id && r.status !== "running", 120_000);
  figure("a connection that stalls mid-body on every attempt", `${stalled.run.status} after ${Date.now() - started} ms`);
  expect(stalled.run.status).toBe("failed");
  expect(stalled.run.error).toMatch(/stopped sending its answer, for 3 seconds/);
  await page.goto(`${app.url}/admin/integrations`);
  await expect(page.getByText(/stopped sending its answer, for 3 seconds/).first()).toBeVisible();
  await emulator.control("clear-faults", {});

  // Nothing was left open: Sync now works at once and succeeds.
  await pressSyncNow(page, app);
  const after = await waitForRun(org.integrationId, (r) => r.id !== stalled.run.id && r.status !== "running", 60_000);
  expect(after.run.status).toMatch(/^succeeded/);
});
