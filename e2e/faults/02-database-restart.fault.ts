import { expect, test } from "@playwright/test";
import { eq } from "drizzle-orm";
import { directoryMismatches } from "@/tests/helpers/directory-check";
import { getDb } from "@/lib/db/client";
import { integrations } from "@/lib/db/schema";
import {
  App,
  withProcesses,
  connectedOrganization,
  createAuditsPerUser,
  Emulator,
  figure,
  pressSyncNow,
  signIn,
  sleep,
  waitForRun,
} from "./harness";
import { faultsCluster } from "./cluster";

const emulator = new Emulator(40_000);
const app = new App(3200, emulator);

withProcesses(emulator, app);

const health = async () => {
  const res = await fetch(`${app.url}/api/ready`);
  return { status: res.status, body: await res.json() };
};

test("[FAULTS] PostgreSQL restarted during a sync: readiness says so, pages explain, the app reconnects, the sync resumes", async ({
  page,
}) => {
  const org = await connectedOrganization();
  await signIn(page, app, org.email);
  const started = Date.now();
  await pressSyncNow(page, app);
  await waitForRun(org.integrationId, (r) => r.phase === "applying" && r.processed > 0);

  faultsCluster("stop");
  const down = Date.now();
  try {
    expect(await health()).toEqual({ status: 503, body: { status: "not ready", reason: "database unreachable" } });
    figure("readiness answered, after the stop", `${Date.now() - down} ms`);
    await page.goto(`${app.url}/admin/users`);
    await expect(page.getByRole("heading", { name: "This page could not be loaded" })).toBeVisible();
    await expect(page.getByText("Roster cannot reach its database right now")).toBeVisible();
    figure("the page explained the outage, after the stop", `${Date.now() - down} ms`);
    await sleep(Math.max(0, 5_000 - (Date.now() - down)));
  } finally {
    faultsCluster("start");
  }
  figure("PostgreSQL down for", `${Date.now() - down} ms`);

  // The same app process reconnects: no restart.
  await expect.poll(async () => (await health()).status, { timeout: 30_000 }).toBe(200);
  figure("ready again, after the database came back", `${Date.now() - down} ms from the stop`);
  await page.goto(`${app.url}/admin/users`);
  await expect(page.getByRole("heading", { name: "Users", exact: true })).toBeVisible();

  const { run } = await waitForRun(org.integrationId, (r) => r.status !== "running", 180_000);
  figure("the sync across the restart", `${run.status} in ${Date.now() - started} ms`);
  // Nothing skipped or reported as a bad row because of the outage.
  expect(run.status, run.error ?? "").toBe("succeeded");
  expect(await directoryMismatches(await getDb(), org.organizationId, emulator.company().employees)).toEqual([]);
  expect(await createAuditsPerUser(org.organizationId)).toEqual({ users: emulator.employees, least: 1, most: 1 });
  // A database outage is not BambooHR failing to connect.
  const [integration] = await (await getDb()).select().from(integrations).where(eq(integrations.id, org.integrationId));
  expect(integration).toMatchObject({ state: "connected", consecutiveFailures: 0, lastError: null });
});

test("[FAULTS] PostgreSQL that stops answering: readiness answers within a second, pages explain within seconds", async ({ page }) => {
  const org = await connectedOrganization();
  await signIn(page, app, org.email);
  await page.goto(`${app.url}/admin/users`);
  await expect(page.getByRole("heading", { name: "Users", exact: true })).toBeVisible();

  // Every PostgreSQL process paused: the app's pooled connections stay open, and nothing on them ever answers.
  faultsCluster("freeze");
  const frozen = Date.now();
  try {
    const asked = Date.now();
    expect(await health()).toEqual({ status: 503, body: { status: "not ready", reason: "database unreachable" } });
    const answeredIn = Date.now() - asked;
    figure("readiness answered, the database frozen", `${answeredIn} ms`);
    expect(answeredIn).toBeLessThan(2_000);
    await page.goto(`${app.url}/admin/users`, { timeout: 30_000 });
    await expect(page.getByText("Roster cannot reach its database right now")).toBeVisible({ timeout: 30_000 });
    const explainedIn = Date.now() - frozen;
    figure("the page explained the outage, the database frozen", `${explainedIn} ms`);
    expect(explainedIn).toBeLessThan(15_000);
  } finally {
    faultsCluster("thaw");
  }
  await expect.poll(async () => (await health()).status, { timeout: 30_000 }).toBe(200);
  await page.goto(`${app.url}/admin/users`);
  await expect(page.getByRole("heading", { name: "Users", exact: true })).toBeVisible();
});
