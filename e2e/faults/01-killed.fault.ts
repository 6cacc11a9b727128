import { expect, test } from "@playwright/test";
import { directoryMismatches } from "@/tests/helpers/directory-check";
import { getDb } from "@/lib/db/client";
import { INTERRUPTED_MESSAGE } from "@/lib/sync/run/store";
import { APPLY_BATCH } from "@/lib/sync/steps";
import {
  App,
  withProcesses,
  connectedOrganization,
  createAuditsPerUser,
  Emulator,
  figure,
  pressSyncNow,
  signIn,
  waitForRun,
} from "./harness";

const emulator = new Emulator(40_000);
const app = new App(3200, emulator);

withProcesses(emulator, app);

test("[FAULTS] the web process killed (SIGKILL) during a Sync now, while fetching and in the middle of the apply batches", async ({
  page,
}) => {
  const org = await connectedOrganization();
  await signIn(page, app, org.email);

  // 1. While fetching: BambooHR holds the report back, the process dies.
  await emulator.control("fault", { fault: { type: "slow", ms: 30_000 } });
  await pressSyncNow(page, app);
  await waitForRun(org.integrationId, (r) => r.status === "running" && r.phase === "fetching");
  await app.kill();
  let restarted = Date.now();
  await app.start();
  const killedFetching = await waitForRun(org.integrationId, (r) => r.status !== "running", 90_000);
  const fetchingMs = Date.now() - restarted;
  figure("run killed while fetching marked failed, after the restart began", `${fetchingMs} ms`);
  // At boot (the instance knows its earlier boot's runs are dead), not when the heartbeat goes stale a minute later.
  expect(fetchingMs).toBeLessThan(15_000);
  expect(killedFetching.run.status).toBe("failed");
  expect(killedFetching.run.error).toBe(INTERRUPTED_MESSAGE);
  expect((await createAuditsPerUser(org.organizationId)).users).toBe(0);

  // 2. Sync now works at once after the restart; the process dies again in the middle of the apply batches.
  await signIn(page, app, org.email);
  await emulator.control("clear-faults", {});
  await pressSyncNow(page, app);
  const applying = await waitForRun(org.integrationId, (r) => r.id !== killedFetching.run.id && r.phase === "applying" && r.processed > 0);
  await app.kill();
  restarted = Date.now();
  await app.start();
  const killedApplying = await waitForRun(org.integrationId, (r) => r.status !== "running", 90_000);
  const applyingMs = Date.now() - restarted;
  figure("run killed while applying marked failed, after the restart began", `${applyingMs} ms`);
  expect(applyingMs).toBeLessThan(15_000);
  expect(killedApplying.run.id).toBe(applying.run.id);
  expect(killedApplying.run.error).toBe(INTERRUPTED_MESSAGE);
  // Every batch is all or nothing: whole batches of users exist, each created and audited exactly once.
  const partial = await createAuditsPerUser(org.organizationId);
  figure("users written before the kill", `${partial.users} of ${emulator.employees}`);
  expect(partial.users).toBeGreaterThan(0);
  expect(partial.users).toBeLessThan(emulator.employees);
  expect(partial.users % APPLY_BATCH).toBe(0);
  expect(partial).toMatchObject({ least: 1, most: 1 });

  // 3. The next sync completes: everyone once, right, audited once.
  await signIn(page, app, org.email);
  const started = Date.now();
  await pressSyncNow(page, app);
  const completed = await waitForRun(org.integrationId, (r) => r.id !== killedApplying.run.id && r.status !== "running", 180_000);
  figure("the sync after the restarts", `${completed.run.status} in ${Date.now() - started} ms`);
  expect(completed.run.status).toMatch(/^succeeded/);
  expect(await directoryMismatches(await getDb(), org.organizationId, emulator.company().employees)).toEqual([]);
  expect(await createAuditsPerUser(org.organizationId)).toEqual({ users: emulator.employees, least: 1, most: 1 });
  await page.goto(`${app.url}/admin/integrations`);
  await expect(page.getByText(/^Last sync:/)).toContainText("Succeeded");
});
