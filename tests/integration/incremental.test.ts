import { InngestTestEngine } from "@inngest/test";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { pendingChanges, syncRuns } from "@/lib/db/schema";
import { incrementalFanout, incrementalSync } from "@/lib/jobs/functions/incremental";
import { dueForIncremental } from "@/lib/sync/run/targeted";
import { BUSY_TRIES, BUSY_WAIT, webhookSync } from "@/lib/jobs/functions/webhook-sync";
import { updateSettings } from "@/lib/integrations/connection";
import { runInProcess, runSyncSteps } from "@/lib/sync/pipeline";
import { startRun } from "@/lib/sync/run/store";
import { queueChanges } from "@/lib/sync/run/watermark";
import { emulator } from "../helpers/emulator";
import { connectedOrg, type ConnectOptions } from "../helpers/connected-org";

beforeAll(async () => {
  process.env.BAMBOOHR_BASE_URL = (await emulator()).url;
  delete process.env.INNGEST_DEV;
  delete process.env.INNGEST_EVENT_KEY;
});

async function setup(options: ConnectOptions & { hours?: number } = {}) {
  const s = await connectedOrg({
    ...options,
    mutate: (c) => {
      c.employees.forEach((e) => ((e.status = "Active"), (e.terminationDate = null)));
      options.mutate?.(c);
    },
  });
  if (options.hours)
    await updateSettings(s.db, s.org.id, {
      apiKey: undefined,
      activationBlocklist: [],
      notificationEmails: [],
      safeguardPercent: 20,
      incrementalHours: options.hours,
    });
  /** One incremental run, in process, start to end. */
  const incremental = async () => {
    const started = await startRun(s.db, { organizationId: s.org.id, integrationId: s.integration.id, trigger: "incremental" });
    if (!started.started) throw new Error(started.reason);
    return runInProcess(s.db, started.runId, runSyncSteps, s.opts);
  };
  const watermark = async () => (await s.reload()).incrementalWatermark;
  return { ...s, full: () => s.sync(), incremental, watermark };
}

const tick = () => new Promise((r) => setTimeout(r, 15));

describe("[INCREMENTAL] syncs of what changed since the watermark", () => {
  it("needs a full sync to start from, then syncs only what BambooHR says changed", async () => {
    const s = await setup({ size: 20 });
    const before = await s.incremental();
    expect(before).toMatchObject({ status: "failed" });
    expect(before.error).toMatch(/No full sync has succeeded yet/);
    const full = await s.full();
    const fullRun = await s.run(full.runId!);
    // A full sync covers everything up to its start (minus a margin for clocks).
    expect((await s.watermark())!.getTime()).toBeLessThanOrEqual(fullRun.startedAt.getTime());
    await tick();
    const [a, b] = s.company.employees.slice(1, 3);
    s.emu.updateEmployee(s.domain, a.id, { jobTitle: "Incremental Title" });
    s.emu.updateEmployee(s.domain, b.id, { department: "Brand New Department" });
    const outcome = await s.incremental();
    expect(outcome.status).toBe("succeeded");
    const run = await s.run(outcome.runId!);
    expect(run.trigger).toBe("incremental");
    expect(run.targetIds!.sort()).toEqual([a.id, b.id].sort());
    expect(run.counts).toMatchObject({ fetched: 2, updated: 2, deactivated: 0 });
    const users = await s.byBamboo();
    expect(users.get(a.id)!.title).toBe("Incremental Title");
    expect(users.size).toBe(20);
  });

  it("records its watermark only after success: a failed run leaves it, and the next run takes the missed changes too", async () => {
    const s = await setup({ size: 15 });
    await s.full();
    const start = await s.watermark();
    await tick();
    const [a, b] = s.company.employees.slice(4, 6);
    s.emu.updateEmployee(s.domain, a.id, { lastName: "Changed-Before-Failure" });
    // The changed list is read, then reading the employee fails every time: the run fails.
    s.emu.injectFault(s.domain, { type: "server_error", status: 500 }, 20, { path: `employees/${a.id}` });
    const failed = await s.incremental();
    expect(failed.status).toBe("failed");
    expect((await s.run(failed.runId!)).watermark).not.toBeNull(); // what it would have recorded
    expect(await s.watermark()).toEqual(start);
    s.emu.clearFaults(s.domain);
    await tick();
    s.emu.updateEmployee(s.domain, b.id, { lastName: "Changed-After-Failure" });
    const next = await s.incremental();
    expect(next.status).toBe("succeeded");
    expect((await s.run(next.runId!)).targetIds!.sort()).toEqual([a.id, b.id].sort());
    const users = await s.byBamboo();
    expect(users.get(a.id)!.lastName).toBe("Changed-Before-Failure");
    expect(users.get(b.id)!.lastName).toBe("Changed-After-Failure");
    const moved = (await s.watermark())!;
    expect(moved.getTime()).toBeGreaterThan(start!.getTime());
    // Nothing changed since: nothing is written (\`since\` is sent to the second, so the last second's changes may be
    // read again, harmlessly), and the watermark does not move back.
    const again = await s.incremental();
    expect(await s.run(again.runId!)).toMatchObject({ status: "succeeded", counts: expect.objectContaining({ created: 0, updated: 0 }) });
    expect((await s.watermark())!.getTime()).toBeGreaterThanOrEqual(moved.getTime());
  });

  it("never deactivates anyone for being absent: only the nightly full sync does", async () => {
    const s = await setup({ size: 12 });
    await s.full();
    await tick();
    const gone = s.company.employees[7];
    s.emu.removeEmployee(s.domain, gone.id);
    const outcome = await s.incremental();
    expect(outcome.status).toBe("succeeded_with_warnings");
    expect((await s.byBamboo()).get(gone.id)!.active).toBe(true);
    const nightly = await s.full();
    expect((await s.run(nightly.runId!)).counts).toMatchObject({ deactivated: 1 });
    expect((await s.byBamboo()).get(gone.id)).toMatchObject({ active: false, inactiveReasonCode: "missing_from_bamboohr" });
  });
});

describe("[INCREMENTAL] the Inngest functions", () => {
  it("the hourly fan-out requests integrations that are on, have a full sync, and are due; one id per hour", async () => {
    const on = await setup({ hours: 1 });
    const never = await setup({ hours: 1 }); // no full sync yet
    const off = await setup();
    const every6 = await setup({ hours: 6 });
    for (const s of [on, off, every6]) await s.full();
    await startRun(every6.db, { organizationId: every6.org.id, integrationId: every6.integration.id, trigger: "incremental" }).then(
      (r) => r.started && every6.db.update(syncRuns).set({ status: "succeeded" }).where(eq(syncRuns.id, r.runId)),
    );
    const due = (await dueForIncremental(every6.db, new Date())).map((d) => d.integrationId);
    expect(due).toContain(on.integration.id);
    expect(due).not.toContain(never.integration.id);
    expect(due).not.toContain(off.integration.id);
    expect(due).not.toContain(every6.integration.id); // ran within its 6 hours
    const ts = Date.parse("2026-11-27T14:05:00Z");
    const t = new InngestTestEngine({
      function: incrementalFanout,
      events: [{ name: "inngest/scheduled.timer", data: { cron: "TZ=UTC 5 * * * *" }, ts }],
      steps: [{ id: "request-incremental-syncs", handler: () => ({ ids: [] }) }],
    });
    const { ctx } = await t.execute();
    const sent = ctx.step.sendEvent.mock.calls[0][1] as Array<{ name: string; id: string; data: { integrationId: string } }>;
    const mine = sent.find((e) => e.data.integrationId === on.integration.id)!;
    expect(mine).toMatchObject({ name: "bamboohr/sync.incremental", id: `incremental-${on.integration.id}-2026-11-27T14` });
  });

  it("the incremental function runs the targeted steps, and skips an integration whose sync is running", async () => {
    const s = await setup({ size: 10, hours: 1 });
    await s.full();
    await tick();
    s.emu.updateEmployee(s.domain, s.company.employees[0].id, { firstName: "Via-Inngest" });
    const event = { name: "bamboohr/sync.incremental" as const, data: { organizationId: s.org.id, integrationId: s.integration.id } };
    const { result, ctx } = await new InngestTestEngine({ function: incrementalSync, events: [event] }).execute();
    expect(result).toMatchObject({ status: "succeeded" });
    expect(ctx.step.run.mock.calls.map((c) => c[0])).toEqual([
      "start-run",
      "fetch-and-stage",
      "plan",
      "apply-batch-0",
      "link-managers",
      "finish-run",
      "notify",
    ]);
    expect((await s.byBamboo()).get(s.company.employees[0].id)!.firstName).toBe("Via-Inngest");
    await startRun(s.db, { organizationId: s.org.id, integrationId: s.integration.id, trigger: "manual" });
    const busy = await new InngestTestEngine({ function: incrementalSync, events: [event] }).execute();
    expect(busy.result).toMatchObject({ skipped: true });
  });

  it("the webhook function syncs the queued changes, and waits while another sync runs", async () => {
    const s = await setup({ size: 10 });
    await s.full();
    const e = s.company.employees[3];
    s.emu.updateEmployee(s.domain, e.id, { jobTitle: "Pushed" });
    await queueChanges(s.db, s.integration.id, [e.id]);
    const event = { name: "bamboohr/changes.received" as const, data: { organizationId: s.org.id, integrationId: s.integration.id } };
    const { result } = await new InngestTestEngine({ function: webhookSync, events: [event] }).execute();
    expect(result).toMatchObject({ status: "succeeded" });
    expect((await s.byBamboo()).get(e.id)!.title).toBe("Pushed");
    const webhookRuns = await s.db
      .select()
      .from(syncRuns)
      .where(and(eq(syncRuns.integrationId, s.integration.id), eq(syncRuns.trigger, "webhook")));
    expect(webhookRuns).toHaveLength(1);
    // Busy: it sleeps (a step) instead of starting; the change stays queued.
    await queueChanges(s.db, s.integration.id, [e.id]);
    await startRun(s.db, { organizationId: s.org.id, integrationId: s.integration.id, trigger: "manual" });
    // Sleeps are mocked (no Inngest server waits here): run up to the second try.
    const sleeps = Array.from({ length: BUSY_TRIES }, (_, i) => ({ id: `wait-for-running-sync-${i}`, handler: () => undefined }));
    const busy = await new InngestTestEngine({ function: webhookSync, events: [event], steps: sleeps }).executeStep("start-run-1");
    expect(busy.ctx.step.sleep.mock.calls[0]).toEqual(["wait-for-running-sync-0", BUSY_WAIT]);
    expect(busy.ctx.step.run.mock.calls.map((c) => c[0])).toEqual(["start-run-0", "start-run-1"]);
    expect(busy.result).toMatchObject({ started: false });
    const queued = await s.db.select().from(pendingChanges).where(eq(pendingChanges.integrationId, s.integration.id));
    expect(queued.map((q) => q.bamboohrId)).toEqual([e.id]);
  });
});
