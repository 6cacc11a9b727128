import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { directoryMismatches } from "@/tests/helpers/directory-check";
import { getDb } from "@/lib/db/client";
import { SHUTDOWN_MESSAGE } from "@/lib/jobs/shutdown";
import { App, connectedOrganization, Emulator, figure, pressSyncNow, signIn, sleep, waitForRun, withProcesses } from "./harness";

const emulator = new Emulator(40_000);
const app = new App(3200, emulator);

withProcesses(emulator, app);

/** The process's CPU time so far, in seconds (Linux: user + system clock ticks, 100 a second). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

test("[FAULTS] SIGTERM during a sync: the server exits within 10 s, the run ends at once with a plain reason, Sync now runs again", async ({
  page,
}) => {
  const org = await connectedOrganization();
  await signIn(page, app, org.email);
  await pressSyncNow(page, app);
  const applying = await waitForRun(org.integrationId, (r) => r.phase === "applying" && r.processed > 0);

  const asked = Date.now();
  await app.kill("SIGTERM");
  const exitedIn = Date.now() - asked;
  figure("SIGTERM during a sync, the server exited after", `${exitedIn} ms`);
  expect(exitedIn).toBeLessThan(10_000);
  // Ended by the shutdown itself, with its reason: not left running for the sweep of the next boot.
  const ended = await waitForRun(org.integrationId, (r) => r.id === applying.run.id, 1_000);
  expect(ended.run).toMatchObject({ status: "failed", error: SHUTDOWN_MESSAGE });

  await app.start();
  await signIn(page, app, org.email);
  await pressSyncNow(page, app);
  const again = await waitForRun(org.integrationId, (r) => r.id !== applying.run.id && r.status !== "running", 180_000);
  expect(again.run.status, again.run.error ?? "").toBe("succeeded");
  expect(await directoryMismatches(await getDb(), org.organizationId, emulator.company().employees)).toEqual([]);
});

test("[FAULTS] stdout and stderr closed: the server keeps serving, without spinning", async () => {
  app.closeOutput();
  // Requests that write log lines (a refused webhook delivery is a warning) into the closed pipes.
  for (let i = 0; i < 20; i++) {
    const refused = await fetch(`${app.url}/api/webhooks/bamboohr/00000000-0000-4000-8000-00000000000${i % 10}`, {
      method: "POST",
      body: "{}",
    });
    expect(refused.status).toBe(404);
  }
  const before = cpuSeconds(app.pid());
  await sleep(3_000);
  const used = cpuSeconds(app.pid()) - before;
  figure("CPU the server used in 3 s idle, its output closed", `${used.toFixed(2)} s`);
  expect(used).toBeLessThan(0.5);
  expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
  expect((await fetch(`${app.url}/login`)).status).toBe(200);
});
