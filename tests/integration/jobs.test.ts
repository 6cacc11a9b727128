import { InngestTestEngine } from "@inngest/test";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { integrations, syncRuns, users } from "@/lib/db/schema";
import { handleSyncFailure } from "@/lib/jobs/failure";
import { applyApprovedRun } from "@/lib/jobs/functions/apply-approved-run";
import { nightlyFanout } from "@/lib/jobs/functions/nightly-fanout";
import { syncIntegration } from "@/lib/jobs/functions/sync-integration";
import { requestApproval, requestSync } from "@/lib/jobs/requests";
import { syncOrganization } from "@/lib/sync/pipeline";
import { failOrphanedRuns, INTERRUPTED_MESSAGE, startRun } from "@/lib/sync/run/store";
import { approveRun } from "@/lib/sync/run/approval";
import { disconnect } from "@/lib/integrations/connection";
import { emulator } from "../helpers/emulator";
import { connectedOrg, type ConnectOptions } from "../helpers/connected-org";

// No Inngest server runs here: @inngest/test runs each function's steps for real; step.sendEvent is mocked.
beforeAll(async () => {
  process.env.BAMBOOHR_BASE_URL = (await emulator()).url;
  delete process.env.INNGEST_DEV;
  delete process.env.INNGEST_EVENT_KEY;
});

async function setup(options: ConnectOptions = {}) {
  const s = await connectedOrg(options);
  const runsOf = () => s.db.select().from(syncRuns).where(eq(syncRuns.integrationId, s.integration.id));
  return { ...s, runsOf };
}

/** Everyone active, synced once; then six leave at once, so the next sync is held by the safeguard. */
async function heldRunOrg(options: { size: number; safeguardPercent?: number }) {
  const s = await setup({
    ...options,
    mutate: (c) => c.employees.forEach((e) => ((e.status = "Active"), (e.terminationDate = null))),
  });
  await syncOrganization(s.db, { organizationId: s.org.id, trigger: "manual" });
  for (const e of s.company.employees.slice(0, 6)) s.emu.updateEmployee(s.domain, e.id, { status: "Inactive" });
  const held = await syncOrganization(s.db, { organizationId: s.org.id, trigger: "manual" });
  return { ...s, held };
}

const requested = (s: { org: { id: string }; integration: { id: string } }) => ({
  name: "bamboohr/sync.requested" as const,
  data: { organizationId: s.org.id, integrationId: s.integration.id, trigger: "manual" as const },
});

describe("[JOBS] Inngest functions", () => {
  it("the nightly fan-out sends one event per enabled integration and none for disabled ones", async () => {
    const a = await setup();
    const b = await setup();
    const off = await setup();
    await disconnect(off.db, off.org.id);
    const t = new InngestTestEngine({ function: nightlyFanout, steps: [{ id: "request-syncs", handler: () => ({ ids: [] }) }] });
    const { result, ctx } = await t.execute();
    const sent = ctx.step.sendEvent.mock.calls[0][1] as Array<{ name: string; data: { integrationId: string; trigger: string } }>;
    const ids = sent.map((e) => e.data.integrationId);
    expect(ids).toEqual(expect.arrayContaining([a.integration.id, b.integration.id]));
    expect(ids).not.toContain(off.integration.id);
    expect(new Set(sent.map((e) => e.name))).toEqual(new Set(["bamboohr/sync.requested"]));
    expect(new Set(sent.map((e) => e.data.trigger))).toEqual(new Set(["schedule"]));
    expect((result as { requested: number }).requested).toBe(sent.length);
  });

  it("the sync function runs its named steps in order and records the run", async () => {
    const s = await setup({ size: 15 });
    const t = new InngestTestEngine({ function: syncIntegration, events: [requested(s)] });
    const { result, ctx } = await t.execute();
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
    const [run] = await s.runsOf();
    expect(run).toMatchObject({ status: "succeeded", trigger: "manual" });
    expect(run.counts).toMatchObject({ created: 15 });
    expect((await s.db.select().from(users).where(eq(users.organizationId, s.org.id))).length).toBe(16);
  });

  it("a failing fetch step surfaces the error, and the failure handler marks the run failed", async () => {
    const s = await setup();
    s.emu.setKey(s.domain, { key: s.key, revoked: true });
    const t = new InngestTestEngine({ function: syncIntegration, events: [requested(s)] });
    const { error } = await t.execute();
    expect(String((error as Error)?.message ?? error)).toMatch(/rejected the API key/);
    expect((await s.runsOf())[0].status).toBe("running"); // @inngest/test does not run onFailure
    const inngestRunId = (await s.runsOf())[0].inngestRunId!;
    expect(inngestRunId).toBeTruthy();
    const handled = await handleSyncFailure({ inngestRunId, message: "retries exhausted" });
    expect(handled.runId).toBe((await s.runsOf())[0].id);
    const [run] = await s.runsOf();
    expect(run).toMatchObject({ status: "failed", errorKind: "invalid_key" });
    expect(run.error).toMatch(/rejected the API key/);
    const [integration] = await s.db.select().from(integrations).where(eq(integrations.id, s.integration.id));
    expect(integration.consecutiveFailures).toBe(1);
  });

  it("a request while a run is in progress is skipped", async () => {
    const s = await setup();
    await s.db.insert(syncRuns).values({ organizationId: s.org.id, integrationId: s.integration.id, trigger: "schedule" });
    const t = new InngestTestEngine({ function: syncIntegration, events: [requested(s)] });
    const { result } = await t.execute();
    expect(result).toMatchObject({ skipped: true, reason: "A sync is already running for this integration." });
    expect(await s.runsOf()).toHaveLength(1);
  });

  it("the approval function applies a plan the safeguard held", async () => {
    const { held, ...s } = await heldRunOrg({ size: 20, safeguardPercent: 10 });
    expect(held.status).toBe("needs_review");
    expect(await approveRun(s.db, s.org.id, held.runId!, s.admin.id)).toEqual({ ok: true });
    const t = new InngestTestEngine({
      function: applyApprovedRun,
      events: [{ name: "bamboohr/sync.approved", data: { organizationId: s.org.id, runId: held.runId!, approvedBy: s.admin.id } }],
    });
    const { result } = await t.execute();
    expect(result).toMatchObject({ status: "succeeded" });
    const active = (await s.db.select().from(users).where(eq(users.organizationId, s.org.id))).filter(
      (u) => u.source === "bamboohr" && u.active,
    );
    expect(active).toHaveLength(14);
  });
});

describe("[JOBS] safe to run twice, retried at one level", () => {
  it("the nightly fan-out gives each integration's event the same id every time it runs that night", async () => {
    const a = await setup();
    const ts = Date.parse("2026-11-27T11:00:00Z"); // 3am in Los Angeles
    const sentIds = async () => {
      const t = new InngestTestEngine({
        function: nightlyFanout,
        events: [{ name: "inngest/scheduled.timer", data: { cron: "TZ=America/Los_Angeles 0 3 * * *" }, ts }],
        steps: [{ id: "request-syncs", handler: () => ({ ids: [] }) }],
      });
      const { ctx } = await t.execute();
      const sent = ctx.step.sendEvent.mock.calls[0][1] as Array<{ id: string; data: { integrationId: string } }>;
      return sent.find((e) => e.data.integrationId === a.integration.id)!.id;
    };
    const first = await sentIds();
    expect(first).toBe(`nightly-${a.integration.id}-2026-11-27`);
    expect(await sentIds()).toBe(first);
  });

  it("a nightly event delivered twice (the fan-out run twice, on any instance) starts one run, after the first ended too", async () => {
    const s = await setup();
    const nightly = {
      ...requested(s),
      id: `nightly-${s.integration.id}-2026-11-27`,
      data: { ...requested(s).data, trigger: "schedule" as const },
    };
    const first = await new InngestTestEngine({ function: syncIntegration, events: [nightly] }).execute();
    expect(first.result).toMatchObject({ status: "succeeded" });
    const again = await new InngestTestEngine({ function: syncIntegration, events: [nightly] }).execute();
    expect(again.result).toMatchObject({ skipped: true, reason: "This request already started a sync." });
    expect(await s.runsOf()).toHaveLength(1);
    // Another night's event is another request.
    const next = await new InngestTestEngine({
      function: syncIntegration,
      events: [{ ...nightly, id: `nightly-${s.integration.id}-2026-11-28` }],
    }).execute();
    expect(next.result).toMatchObject({ status: "succeeded" });
    expect(await s.runsOf()).toHaveLength(2);
  });

  it("at boot an instance fails the in-process runs of its own earlier boot, and no other instance's", async () => {
    const [mine, other, current] = await Promise.all([setup(), setup(), setup()]);
    const open = (s: typeof mine, worker: string) =>
      startRun(s.db, { organizationId: s.org.id, integrationId: s.integration.id, trigger: "manual", worker });
    await open(mine, "web-1:3000#oldboot");
    await open(other, "web-2:3000#oldboot");
    await open(current, "web-1:3000#newboot");
    expect(await failOrphanedRuns(mine.db, "web-1:3000#newboot")).toBeGreaterThanOrEqual(1);
    expect((await mine.runsOf())[0]).toMatchObject({ status: "failed", error: INTERRUPTED_MESSAGE });
    expect((await other.runsOf())[0].status).toBe("running");
    expect((await current.runsOf())[0].status).toBe("running");
  });

  it("under Inngest the client makes one attempt per step: Inngest's retries are the only ones", async () => {
    const s = await setup();
    s.emu.injectFault(s.domain, { type: "server_error", status: 500 }, 1);
    const before = s.emu.requests.filter((r) => r.company === s.domain).length;
    const { error } = await new InngestTestEngine({ function: syncIntegration, events: [requested(s)] }).execute();
    expect(String((error as Error)?.message ?? error)).toMatch(/server error \(HTTP 500\)/);
    expect(s.emu.requests.filter((r) => r.company === s.domain).length - before).toBe(1);
  });

  it("the approval function refuses a held run nobody approved", async () => {
    const { held, ...s } = await heldRunOrg({ size: 12 });
    const t = new InngestTestEngine({
      function: applyApprovedRun,
      events: [{ name: "bamboohr/sync.approved", data: { organizationId: s.org.id, runId: held.runId!, approvedBy: s.admin.id } }],
    });
    const { error } = await t.execute();
    expect(String((error as Error)?.message ?? error)).toMatch(/\(Needs review\): nothing more is applied/);
    const active = (await s.db.select().from(users).where(eq(users.organizationId, s.org.id))).filter(
      (u) => u.source === "bamboohr" && u.active,
    );
    expect(active).toHaveLength(12);
    expect((await s.runsOf()).find((r) => r.id === held.runId)!.status).toBe("needs_review");
  });
});

describe("[JOBS] Sync Now without an Inngest server", () => {
  it("runs the same steps in process, and refuses a second click while running", async () => {
    const s = await setup({ size: 10 });
    const first = await requestSync(s.db, s.org.id, s.admin.id);
    expect(first).toMatchObject({ ok: true, mode: "in-process" });
    const second = await requestSync(s.db, s.org.id, s.admin.id);
    expect(second).toMatchObject({ ok: false, error: expect.stringMatching(/already running/) });
    if (first.ok) await first.background!();
    const runs = await s.runsOf();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "succeeded", requestedBy: s.admin.id, phase: "done" });
    const third = await requestSync(s.db, s.org.id, s.admin.id);
    expect(third.ok).toBe(true);
    if (third.ok) await third.background!();
  });

  it("approval of a held run applies it in process", async () => {
    const { held, ...s } = await heldRunOrg({ size: 12 });
    const approved = await requestApproval(s.db, s.org.id, held.runId!, s.admin.id);
    expect(approved.ok).toBe(true);
    if (approved.ok) await approved.background!();
    expect((await s.runsOf()).find((r) => r.id === held.runId)!.status).toBe("succeeded");
    expect(await requestApproval(s.db, s.org.id, held.runId!, s.admin.id)).toMatchObject({ ok: false });
  });
});
