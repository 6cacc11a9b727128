import { createHmac } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/bamboohr/[integrationId]/route";
import { pendingChanges, syncRuns } from "@/lib/db/schema";
import {
  disableInstantUpdates,
  disconnectWithWebhook,
  enableInstantUpdates,
  saveManualWebhookKey,
} from "@/lib/integrations/instant-updates";
import { runQueuedChanges } from "@/lib/jobs/in-process-runner";
import { startRun } from "@/lib/sync/run/store";
import { queueChanges } from "@/lib/sync/run/watermark";
import { receiveDelivery } from "@/lib/webhooks/receive";
import { createBambooClient } from "@/lib/bamboohr/client";
import { webhookUrl } from "@/lib/sync/webhooks";
import { captureServer } from "../helpers/capture";
import { connectedOrg, type ConnectOptions } from "../helpers/connected-org";

let capture: Awaited<ReturnType<typeof captureServer>>;
const appUrl = process.env.APP_URL;
beforeAll(async () => {
  capture = await captureServer();
});
afterEach(() => {
  if (appUrl === undefined) delete process.env.APP_URL;
  else process.env.APP_URL = appUrl;
});

async function setup(options: ConnectOptions = {}) {
  const s = await connectedOrg(options);
  const pending = async () =>
    (await s.db.select().from(pendingChanges).where(eq(pendingChanges.integrationId, s.integration.id))).map((p) => p.bamboohrId).sort();
  const runQueued = () => runQueuedChanges(s.db, { id: s.integration.id, organizationId: s.org.id }, { overrides: s.overrides });
  return { ...s, sync: () => s.sync(), pending, runQueued };
}

/** Instant updates on, with deliveries going to the capture server; returns the webhook BambooHR keeps. */
async function withWebhook(s: Awaited<ReturnType<typeof setup>>) {
  process.env.APP_URL = capture.origin;
  expect(await enableInstantUpdates(s.db, s.org.id, s.overrides)).toEqual({ ok: true, mode: "api" });
  return s.emu.webhooks(s.domain)[0];
}

const sign = (key: string, body: string, timestamp: string) =>
  createHmac("sha256", key)
    .update(body + timestamp)
    .digest("hex");
const bodyOf = (body: string) => async () => Buffer.from(body);
const now = () => String(Math.floor(Date.now() / 1000));
const event = (employeeId: string) =>
  JSON.stringify({
    type: "employee.updated",
    timestamp: new Date().toISOString(),
    data: { companyId: "x", employeeId, changedFields: ["jobTitle"] },
  });

describe("[WEBHOOKS] instant updates: the webhook in BambooHR", () => {
  it("turning them on creates the webhook (URL, monitored fields, JSON) and keeps its private key sealed", async () => {
    const s = await setup();
    const hook = await withWebhook(s);
    expect(hook.url).toBe(`${capture.origin}/api/webhooks/bamboohr/${s.integration.id}`);
    expect(hook.format).toBe("json");
    expect(hook.events).toEqual(["employee.created", "employee.updated", "employee.deleted"]);
    expect(hook.monitorFields).toEqual(
      expect.arrayContaining([
        "workEmail",
        "firstName",
        "lastName",
        "jobTitle",
        "department",
        "supervisorEId",
        "status",
        "terminationDate",
      ]),
    );
    const row = await s.reload();
    expect(row).toMatchObject({ instantUpdates: true, webhookSetup: "api", webhookId: hook.id });
    expect(row.webhookKeySealed).toBeTruthy();
    expect(row.webhookKeySealed).not.toContain(hook.privateKey);
    // Turned on twice: still one webhook.
    await enableInstantUpdates(s.db, s.org.id, s.overrides);
    expect(s.emu.webhooks(s.domain)).toHaveLength(1);
  });

  it("an APP_URL BambooHR cannot post to (not https) is refused with what to change; nothing is turned on", async () => {
    const s = await setup();
    process.env.APP_URL = "http://roster.example.test";
    const result = await enableInstantUpdates(s.db, s.org.id, s.overrides);
    expect(result).toMatchObject({
      ok: false,
      error: expect.stringMatching(/url must begin with https:\/\/.*set APP_URL to Roster's public https address/),
    });
    expect(await s.reload()).toMatchObject({ instantUpdates: false, webhookKeySealed: null });
    expect(s.emu.webhooks(s.domain)).toEqual([]);
  });

  it("turning them off deletes the webhook in BambooHR and forgets its key", async () => {
    const s = await setup();
    await withWebhook(s);
    expect(await disableInstantUpdates(s.db, await s.reload(), s.overrides)).toBeNull();
    expect(s.emu.webhooks(s.domain)).toEqual([]);
    expect(await s.reload()).toMatchObject({ instantUpdates: false, webhookId: null, webhookKeySealed: null });
  });

  it("disconnecting deletes the webhook in BambooHR too, before the API key is forgotten", async () => {
    const s = await setup();
    await withWebhook(s);
    await disconnectWithWebhook(s.db, s.org.id, s.overrides);
    expect(s.emu.webhooks(s.domain)).toEqual([]);
    expect(await s.reload()).toMatchObject({ enabled: false, apiKeySealed: "", instantUpdates: false, webhookKeySealed: null });
  });

  it("two requests turning them on at once, against a slow BambooHR, make one webhook, the one Roster holds", async () => {
    const s = await setup();
    process.env.APP_URL = capture.origin;
    // Each creation takes 400 ms: without the lock both requests would create one, and the later write would win.
    s.emu.injectFault(s.domain, { type: "slow", ms: 400 }, 4, { path: "webhooks" });
    const both = await Promise.all([enableInstantUpdates(s.db, s.org.id, s.overrides), enableInstantUpdates(s.db, s.org.id, s.overrides)]);
    expect(both).toEqual([
      { ok: true, mode: "api" },
      { ok: true, mode: "api" },
    ]);
    const hooks = s.emu.webhooks(s.domain);
    expect(hooks).toHaveLength(1);
    expect((await s.reload()).webhookId).toBe(hooks[0].id);
    // And off twice at once: nothing left, nothing failed.
    const integration = await s.reload();
    expect(
      await Promise.all([disableInstantUpdates(s.db, integration, s.overrides), disableInstantUpdates(s.db, integration, s.overrides)]),
    ).toEqual([null, null]);
    expect(s.emu.webhooks(s.domain)).toEqual([]);
  });

  it("a stray webhook posting to this integration is removed by on, off and every full sync; others are left", async () => {
    const s = await setup();
    process.env.APP_URL = capture.origin;
    const bamboo = createBambooClient({ ...s.overrides, subdomain: s.domain, apiKey: s.key });
    const stray = async (url = webhookUrl(s.integration.id)) =>
      (
        await bamboo.createWebhook({
          name: "left over",
          url,
          format: "json",
          monitorFields: ["firstName"],
          postFields: {},
          includeCompanyDomain: false,
        })
      ).id;
    const elsewhere = await stray("https://other.example/hook");
    const urls = () => s.emu.webhooks(s.domain).map((h) => h.id);

    await stray();
    await withWebhook(s);
    const held = (await s.reload()).webhookId!;
    expect(urls().sort()).toEqual([elsewhere, held].sort());

    await stray();
    expect(await s.sync()).toMatchObject({ status: "succeeded" });
    expect(urls().sort()).toEqual([elsewhere, held].sort());
    expect((await s.reload()).webhookId).toBe(held);

    await stray();
    expect(await disableInstantUpdates(s.db, await s.reload(), s.overrides)).toBeNull();
    expect(urls()).toEqual([elsewhere]);

    // Off, a full sync still removes what posts to Roster's address for this integration.
    await stray();
    expect(await s.sync()).toMatchObject({ status: "succeeded" });
    expect(urls()).toEqual([elsewhere]);
  });

  it("a key that may not create webhooks leads to the manual steps; the pasted key is then accepted", async () => {
    const s = await setup({ mutate: (c) => (c.keys[0].webhooks = false) });
    expect(await enableInstantUpdates(s.db, s.org.id, s.overrides)).toEqual({ ok: true, mode: "manual" });
    expect(await s.reload()).toMatchObject({ instantUpdates: true, webhookSetup: "manual", webhookKeySealed: null });
    const body = event("1");
    const timestamp = now();
    // No key yet: nothing is accepted.
    expect(
      (await receiveDelivery(s.db, s.integration.id, bodyOf(body), { signature: sign("k".repeat(40), body, timestamp), timestamp })).status,
    ).toBe(404);
    await saveManualWebhookKey(s.db, s.org.id, "k".repeat(40));
    const ok = await receiveDelivery(s.db, s.integration.id, bodyOf(body), {
      signature: sign("k".repeat(40), body, timestamp),
      timestamp,
    });
    expect(ok).toMatchObject({ status: 200, queued: 1 });
  });
});

describe("[WEBHOOKS] deliveries are verified before anything else", () => {
  it("the emulator's real, signed delivery of a change is accepted and queues the employee", async () => {
    const s = await setup();
    await withWebhook(s);
    const before = capture.received.length;
    const e = s.company.employees[2];
    s.emu.updateEmployee(s.domain, e.id, { jobTitle: "Chief Webhook Officer" });
    const [delivery] = (await capture.waitFor(before + 1)).slice(before);
    const headers = {
      signature: String(delivery.headers["x-bamboohr-signature"]),
      timestamp: String(delivery.headers["x-bamboohr-timestamp"]),
    };
    expect(await receiveDelivery(s.db, s.integration.id, async () => delivery.body, headers)).toMatchObject({
      status: 200,
      queued: 1,
      duplicate: false,
    });
    expect(await s.pending()).toEqual([e.id]);
    expect((await s.reload()).lastWebhookAt).not.toBeNull();
    // The same delivery again (BambooHR retrying, or a replay): no new queue entry, nothing else.
    await s.db.delete(pendingChanges).where(eq(pendingChanges.integrationId, s.integration.id));
    expect(await receiveDelivery(s.db, s.integration.id, async () => delivery.body, headers)).toMatchObject({
      status: 200,
      queued: 0,
      duplicate: true,
    });
    expect(await s.pending()).toEqual([]);
  });

  it("refuses a wrong or non-hex signature, a tampered body, a stale or missing timestamp, and unknown or switched-off integrations", async () => {
    const s = await setup();
    const hook = await withWebhook(s);
    const body = event(s.company.employees[0].id);
    const timestamp = now();
    const good = sign(hook.privateKey, body, timestamp);
    const receive = (b: string, h: { signature: string | null; timestamp: string | null }, id = s.integration.id) =>
      receiveDelivery(s.db, id, bodyOf(b), h);
    const refusals = [
      ["another key", body, { signature: sign("another key entirely", body, timestamp), timestamp }],
      ["a tampered body", body.replace('"jobTitle"', '"lastName"'), { signature: good, timestamp }],
      ["another timestamp", body, { signature: good, timestamp: String(Number(timestamp) + 1) }],
      [
        "stale",
        body,
        { signature: sign(hook.privateKey, body, String(Number(timestamp) - 6 * 60)), timestamp: String(Number(timestamp) - 6 * 60) },
      ],
      ["no signature", body, { signature: null, timestamp }],
      ["no timestamp", body, { signature: good, timestamp: null }],
      ["base64", body, { signature: Buffer.from(good, "hex").toString("base64"), timestamp }],
    ] as const;
    for (const [, b, h] of refusals) expect((await receive(b, h)).status).toBe(404);
    expect((await receive(body, { signature: good, timestamp }, "00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await receive(body, { signature: good, timestamp }, "not-a-uuid")).status).toBe(404);
    expect(await s.pending()).toEqual([]);
    expect(await receive(body, { signature: good, timestamp })).toMatchObject({ status: 200, queued: 1 });
    await disableInstantUpdates(s.db, await s.reload(), s.overrides);
    expect((await receive(body, { signature: good, timestamp: now() })).status).toBe(404);
  });

  it("the route answers every refusal alike, byte for byte, and reads no body for an unknown integration", async () => {
    const s = await setup();
    const hook = await withWebhook(s);
    const other = await setup();
    const url = `http://127.0.0.1/api/webhooks/bamboohr/${s.integration.id}`;
    const post = (body: BodyInit, headers: Record<string, string>, id = s.integration.id) =>
      POST(new Request(url, { method: "POST", body, headers, duplex: "half" } as RequestInit), {
        params: Promise.resolve({ integrationId: id }),
      });
    const body = event(s.company.employees[1].id);
    const timestamp = now();
    const signed = { "x-bamboohr-timestamp": timestamp, "x-bamboohr-signature": sign(hook.privateKey, body, timestamp) };
    const answer = async (response: Response) => `${response.status} ${response.headers.get("content-type")} ${await response.text()}`;
    const refusals = [
      await post("x".repeat(1_000_001), signed),
      await post(body, { ...signed, "x-bamboohr-signature": "00".repeat(32) }),
      await post(body, { "x-bamboohr-timestamp": timestamp }),
      await post(body, signed, "11111111-1111-4111-8111-111111111111"),
      await post(body, signed, other.integration.id), // instant updates off
      await post(body, signed, "-".repeat(36)),
    ];
    const answers = await Promise.all(refusals.map(answer));
    expect(new Set(answers)).toEqual(new Set([answers[0]]));
    expect(answers[0]).toMatch(/^404 /);
    // An unknown integration: the body is never read, however long it goes on.
    let pulled = 0;
    const endless = new ReadableStream({ pull: (c) => (pulled++ < 1_000 ? c.enqueue(new Uint8Array(64 * 1024)) : c.close()) });
    expect(await answer(await post(endless, signed, "11111111-1111-4111-8111-111111111111"))).toBe(answers[0]);
    expect(pulled).toBeLessThanOrEqual(2);
    const ok = await post(body, signed);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, queued: 1, duplicate: false });
    // A replay, however its signature is written: upper-case hex is the same delivery, base64 is no signature.
    expect(await (await post(body, signed)).json()).toMatchObject({ duplicate: true });
    const upper = { ...signed, "x-bamboohr-signature": signed["x-bamboohr-signature"].toUpperCase() };
    expect(await (await post(body, upper)).json()).toMatchObject({ duplicate: true });
    const base64 = { ...signed, "x-bamboohr-signature": Buffer.from(signed["x-bamboohr-signature"], "hex").toString("base64") };
    expect(await answer(await post(body, base64))).toBe(answers[0]);
  });
});

describe("[WEBHOOKS] the targeted sync of queued changes", () => {
  it("syncs only the changed employees, with the rules and audit of a full sync, as a run of trigger webhook", async () => {
    const s = await setup({ size: 30, mutate: (c) => c.employees.forEach((e) => ((e.status = "Active"), (e.terminationDate = null))) });
    await s.sync();
    const [a, b, c] = s.company.employees.slice(3, 6);
    s.emu.updateEmployee(s.domain, a.id, { jobTitle: "Principal Engineer" });
    s.emu.updateEmployee(s.domain, b.id, { status: "Inactive", hireDate: "2015-01-01", terminationDate: "2020-01-01" }); // a leaver
    // Changed in BambooHR without a delivery: a targeted sync must not touch it.
    s.emu.updateEmployee(s.domain, c.id, { lastName: "Unannounced" });
    await queueChanges(s.db, s.integration.id, [a.id, b.id]);
    const outcome = await s.runQueued();
    expect(outcome).toMatchObject({ status: "succeeded" });
    const [run] = await s.db.select().from(syncRuns).where(eq(syncRuns.id, outcome!.runId!));
    expect(run).toMatchObject({ trigger: "webhook", counts: expect.objectContaining({ fetched: 2, updated: 1, deactivated: 1 }) });
    expect(run.targetIds!.sort()).toEqual([a.id, b.id].sort());
    const users = await s.byBamboo();
    expect(users.get(a.id)).toMatchObject({ title: "Principal Engineer", active: true });
    expect(users.get(b.id)).toMatchObject({ active: false, inactiveReasonCode: "terminated" });
    expect(users.get(c.id)!.lastName).not.toBe("Unannounced");
    // Nobody else was deactivated for being absent from a two-employee snapshot.
    expect([...users.values()].filter((u) => !u.active).map((u) => u.bamboohrId)).toEqual([b.id]);
    expect(await s.pending()).toEqual([]);
  });

  it("keeps a manager who is outside the changed set, and links a new manager Roster already has", async () => {
    const s = await setup({ size: 20 });
    await s.sync();
    const employees = s.company.employees;
    const managed = employees.find((e) => e.supervisorEId)!;
    const other = employees.find((e) => e.id !== managed.id && e.id !== managed.supervisorEId && e.supervisorEId !== managed.id)!;
    s.emu.updateEmployee(s.domain, managed.id, { jobTitle: "Renamed" });
    s.emu.updateEmployee(s.domain, other.id, { supervisorEId: managed.id, supervisorId: managed.employeeNumber });
    await queueChanges(s.db, s.integration.id, [managed.id, other.id]);
    expect(await s.runQueued()).toMatchObject({ status: "succeeded" });
    const users = await s.byBamboo();
    expect(users.get(managed.id)!.managerId).toBe(users.get(managed.supervisorEId!)!.id);
    expect(users.get(other.id)!.managerId).toBe(users.get(managed.id)!.id);
  });

  it("never overlaps another sync of the integration: the changes stay queued until it ends", async () => {
    const s = await setup();
    await s.sync();
    const running = await startRun(s.db, { organizationId: s.org.id, integrationId: s.integration.id, trigger: "manual" });
    expect(running.started).toBe(true);
    await queueChanges(s.db, s.integration.id, [s.company.employees[0].id]);
    expect(await s.runQueued()).toBeNull();
    expect(await s.pending()).toEqual([s.company.employees[0].id]);
    const webhookRuns = await s.db
      .select()
      .from(syncRuns)
      .where(and(eq(syncRuns.integrationId, s.integration.id), eq(syncRuns.trigger, "webhook")));
    expect(webhookRuns).toEqual([]);
  });

  it("a failed targeted run puts its changes back on the queue; an employee BambooHR no longer has is left to the nightly sync", async () => {
    const s = await setup();
    await s.sync();
    const id = s.company.employees[0].id;
    await queueChanges(s.db, s.integration.id, [id]);
    s.emu.injectFault(s.domain, { type: "server_error", status: 500 }, 20);
    expect(await s.runQueued()).toMatchObject({ status: "failed" });
    expect(await s.pending()).toEqual([id]);
    s.emu.clearFaults(s.domain);
    const wasActive = (await s.byBamboo()).get(id)!.active;
    s.emu.removeEmployee(s.domain, id);
    const outcome = await s.runQueued();
    expect(outcome).toMatchObject({ status: "succeeded_with_warnings" });
    const [run] = await s.db.select().from(syncRuns).where(eq(syncRuns.id, outcome!.runId!));
    expect(run.warnings.join(" ")).toContain(`BambooHR no longer has employee ${id}`);
    expect((await s.byBamboo()).get(id)!.active).toBe(wasActive);
  });
});
