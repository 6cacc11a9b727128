import { expect, test } from "@playwright/test";
import { directoryMismatches } from "@/tests/helpers/directory-check";
import { getDb } from "@/lib/db/client";
import { App, withProcesses, connectedOrganization, Emulator, figure, runsOf, signIn, waitForRun } from "./harness";

const emulator = new Emulator(30_000);
const one = new App(3200, emulator);
const two = new App(3201, emulator);

withProcesses(emulator, one, two);

test("[FAULTS] two app instances on one database: Sync now pressed on both at once starts one run, shown live on both", async ({
  browser,
}) => {
  const org = await connectedOrganization();
  const pageOne = await (await browser.newContext()).newPage();
  const pageTwo = await (await browser.newContext()).newPage();
  await signIn(pageOne, one, org.email);
  await signIn(pageTwo, two, org.email);
  await pageOne.goto(`${one.url}/admin/integrations`);
  await pageTwo.goto(`${two.url}/admin/integrations`);

  await Promise.all([pageOne, pageTwo].map((page) => page.getByRole("button", { name: "Sync now" }).click()));
  const { run } = await waitForRun(org.integrationId, (r) => r.status === "running" && r.phase === "applying");
  expect(await runsOf(org.integrationId)).toHaveLength(1);
  // Both pages show the one run's progress, whichever instance runs it.
  for (const page of [pageOne, pageTwo]) await expect(page.getByText(/^\d+ \/ \d+$/)).toBeVisible();
  const busy = await Promise.all([pageOne, pageTwo].map((page) => page.getByText("A sync is already running").count()));
  figure("pages told a sync was already running", `${busy.reduce((a, b) => a + b, 0)} of 2 (the other started it)`);

  const done = await waitForRun(org.integrationId, (r) => r.status !== "running", 120_000);
  expect(done.run.id).toBe(run.id);
  expect(done.run.status).toMatch(/^succeeded/);
  for (const page of [pageOne, pageTwo]) await expect(page.getByText(/^Last sync:/)).toContainText("Succeeded");
  expect(await runsOf(org.integrationId)).toHaveLength(1);
  expect(await directoryMismatches(await getDb(), org.organizationId, emulator.company().employees)).toEqual([]);
  figure("runs started by two simultaneous presses on two instances", "1");
});
