import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import {
  departments,
  integrations,
  mailOutbox,
  syncRecordErrors,
  syncPlanChunks,
  syncRuns,
  syncStagedEmployees,
  userChanges,
  users,
} from "@/lib/db/schema";
import { applyItems } from "@/lib/sync/apply/writer";
import { readPendingBatches } from "@/lib/sync/apply/plan-store";
import { handleSyncFailure } from "@/lib/jobs/failure";
import { notifyRunOutcome } from "@/lib/notify/sync-email";
import { RunClosedError } from "@/lib/sync/run/lifecycle";
import { approveRun } from "@/lib/sync/run/approval";
import { runApprovedSteps, runDirectly, runSyncSteps, type StepRunner } from "@/lib/sync/pipeline";
import { failRun, finishRun, startRun } from "@/lib/sync/run/store";
import { applyBatch, fetchAndStage, planRun } from "@/lib/sync/steps";
import { createUser } from "../helpers/factories";
import { connectedOrg } from "../helpers/connected-org";

async function connected(seed: number) {
  const s = await connectedOrg({ size: 40, seed, badData: true, notificationEmails: ["ops@corp.test"] });
  return { ...s, opts: { ...s.opts, batchSize: 7, today: "2026-06-15" } };
}
type Org = Awaited<ReturnType<typeof connected>>;

/** What a person checks after a sync: every user's fields, manager and department; the audit; the run; the outbox. */
async function outcome(db: Db, organizationId: string, runId: string) {
  const rows = await db
    .select()
    .from(users)
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(eq(users.organizationId, organizationId));
  const bambooOf = new Map(rows.map((r) => [r.users.id, r.users.bamboohrId]));
  const people = rows
    .filter((r) => r.users.bamboohrId)
    .map(({ users: u, departments: d }) => ({
      bamboohrId: u.bamboohrId,
      email: u.email,
      name: `${u.firstName} ${u.lastName}`,
      title: u.title,
      department: d?.name ?? null,
      manager: u.managerId ? bambooOf.get(u.managerId) : null,
      active: u.active,
      reason: u.inactiveReason,
      deactivationDate: u.deactivationDate,
    }))
    .sort((a, b) => a.bamboohrId!.localeCompare(b.bamboohrId!));
  const audit = await db
    .select({ action: userChanges.action, n: sql<number>`count(*)::int` })
    .from(userChanges)
    .where(eq(userChanges.runId, runId))
    .groupBy(userChanges.action)
    .orderBy(userChanges.action);
  const [run] = await db.select().from(syncRuns).where(eq(syncRuns.id, runId));
  const errors = (await db.select({ reason: syncRecordErrors.reason }).from(syncRecordErrors).where(eq(syncRecordErrors.runId, runId)))
    .map((e) => e.reason)
    .sort();
  const mails = await db.select({ kind: mailOutbox.kind }).from(mailOutbox).where(eq(mailOutbox.runId, runId));
  const staged = await db.select().from(syncStagedEmployees).where(eq(syncStagedEmployees.runId, runId));
  return { people, audit, status: run.status, counts: run.counts, warnings: run.warnings, errors, mails, staged: staged.length };
}

/** Every step runs twice in a row, as when Inngest re-runs a step whose result it did not checkpoint. */
const twice: StepRunner = async (_id, fn) => {
  await fn();
  return fn();
};

async function syncWith(s: Org, step: StepRunner, inngestRunId: string) {
  const input = { organizationId: s.org.id, integrationId: s.integration.id, trigger: "schedule" as const, inngestRunId };
  const started = await step("start-run", () => startRun(s.db, input));
  if (!started.started) throw new Error(started.reason);
  await runSyncSteps(s.db, started.runId, step, s.opts, { notify: (id) => notifyRunOutcome(s.db, id) });
  return started.runId;
}

describe("[SYNC] every step is safe to run twice", () => {
  it("a first sync and a sync of changes, each step run twice, end exactly as when run once", async () => {
    const once = await connected(7);
    const double = await connected(7);
    const change = (s: Org) => {
      const [a, b, c] = s.company.employees.slice(3, 6);
      s.emu.updateEmployee(s.domain, a.id, { jobTitle: "Principal", workEmail: b.workEmail });
      s.emu.updateEmployee(s.domain, b.id, { workEmail: a.workEmail, status: "Inactive" });
      s.emu.removeEmployee(s.domain, c.id);
    };
    for (const round of [1, 2]) {
      const ranOnce = await syncWith(once, runDirectly, `once-${once.org.id}-${round}`);
      const ranTwice = await syncWith(double, twice, `twice-${double.org.id}-${round}`);
      // The two companies differ only in their e-mail domain.
      const seen = async (s: Org, runId: string) =>
        JSON.parse(JSON.stringify(await outcome(s.db, s.org.id, runId)).replaceAll(s.domain, "corp"));
      const expected = await seen(once, ranOnce);
      expect(expected.people.length).toBeGreaterThan(30);
      expect(await seen(double, ranTwice)).toEqual(expected);
      change(once);
      change(double);
    }
  });

  it("an approved run, each step run twice, ends exactly as when run once", async () => {
    const hold = async (s: Org) => {
      await syncWith(s, runDirectly, `first-${s.org.id}`);
      await s.db.update(integrations).set({ safeguardPercent: 5 }).where(eq(integrations.id, s.integration.id));
      const active = (
        await s.db
          .select()
          .from(users)
          .where(and(eq(users.organizationId, s.org.id), eq(users.active, true), isNotNull(users.bamboohrId)))
      )
        .map((u) => u.bamboohrId!)
        .sort();
      for (const id of active.slice(0, 8)) s.emu.updateEmployee(s.domain, id, { status: "Inactive" });
      const runId = await syncWith(s, runDirectly, `held-${s.org.id}`);
      expect((await s.db.select().from(syncRuns).where(eq(syncRuns.id, runId)))[0].status).toBe("needs_review");
      const [admin] = await s.db
        .select()
        .from(users)
        .where(and(eq(users.organizationId, s.org.id), eq(users.role, "admin")));
      expect(await approveRun(s.db, s.org.id, runId, admin.id)).toEqual({ ok: true });
      return runId;
    };
    const once = await connected(11);
    const double = await connected(11);
    const [a, b] = [await hold(once), await hold(double)];
    await runApprovedSteps(once.db, a, runDirectly, once.opts);
    await runApprovedSteps(double.db, b, twice, double.opts);
    const seen = async (s: Org, runId: string) =>
      JSON.parse(JSON.stringify(await outcome(s.db, s.org.id, runId)).replaceAll(s.domain, "corp"));
    const expected = await seen(once, a);
    expect(expected.audit.find((x: { action: string }) => x.action === "deactivate")?.n).toBeGreaterThanOrEqual(8);
    expect(await seen(double, b)).toEqual(expected);
  });

  it("start-run run again finds the run it opened, even after the run moved on", async () => {
    const s = await connected(3);
    const input = {
      organizationId: s.org.id,
      integrationId: s.integration.id,
      trigger: "manual" as const,
      inngestRunId: `inngest-${s.org.id}`,
    };
    const first = await startRun(s.db, input);
    await fetchAndStage(s.db, first.runId!, s.opts.overrides);
    expect(await startRun(s.db, input)).toEqual(first);
    expect(await s.db.select().from(syncRuns).where(eq(syncRuns.integrationId, s.integration.id))).toHaveLength(1);
  });

  it("plan run again once a batch was applied keeps the plan: nothing is applied twice", async () => {
    const s = await connected(6);
    const run = await startRun(s.db, { organizationId: s.org.id, integrationId: s.integration.id, trigger: "manual" });
    await fetchAndStage(s.db, run.runId!, s.opts.overrides);
    await planRun(s.db, run.runId!);
    await applyBatch(s.db, run.runId!, 5);
    await planRun(s.db, run.runId!);
    // A plan made again would start over at 0.
    const [after] = await s.db.select().from(syncRuns).where(eq(syncRuns.id, run.runId!));
    expect(after.processed).toBe(5);
    while ((await applyBatch(s.db, run.runId!, 10)).remaining > 0);
    const audit = await s.db.select().from(userChanges).where(eq(userChanges.runId, run.runId!));
    expect(new Set(audit.map((a) => a.userId)).size).toBe(audit.length);
  });

  it("the same apply step run twice at once applies its items once", async () => {
    const s = await connected(10);
    const run = await startRun(s.db, { organizationId: s.org.id, integrationId: s.integration.id, trigger: "manual" });
    await fetchAndStage(s.db, run.runId!, s.opts.overrides);
    await planRun(s.db, run.runId!);
    // Both read the same items before either applies them (an Inngest retry beside a step still running).
    for (;;) {
      const [a, b] = await Promise.all([applyBatch(s.db, run.runId!, 6), applyBatch(s.db, run.runId!, 6)]);
      if (a.remaining === 0 && b.remaining === 0) break;
    }
    await finishRun(s.db, run.runId!);
    const people = await s.db
      .select()
      .from(users)
      .where(and(eq(users.organizationId, s.org.id), isNotNull(users.bamboohrId)));
    const audit = await s.db.select().from(userChanges).where(eq(userChanges.runId, run.runId!));
    expect(
      audit
        .filter((a) => a.action === "create")
        .map((a) => a.userId)
        .sort(),
    ).toEqual(people.map((p) => p.id).sort());
    expect(new Set(audit.map((a) => a.userId)).size).toBe(audit.length);
    const errors = await s.db.select().from(syncRecordErrors).where(eq(syncRecordErrors.runId, run.runId!));
    expect(errors.filter((e) => e.reason.startsWith("Not created") || e.reason.startsWith("Not applied"))).toEqual([]);
    const [after] = await s.db.select().from(syncRuns).where(eq(syncRuns.id, run.runId!));
    expect(after.processed).toBe(after.total);
  });

  it("a new user whose e-mail another user took after the plan is reported, not created; the rest are created", async () => {
    const s = await connected(11);
    const run = await startRun(s.db, { organizationId: s.org.id, integrationId: s.integration.id, trigger: "manual" });
    await fetchAndStage(s.db, run.runId!, s.opts.overrides);
    await planRun(s.db, run.runId!);
    const [items] = await readPendingBatches(s.db, run.runId!, 1, 100);
    const taken = items.filter((i) => i.action === "create")[3];
    const email = (taken.payload as { email: string }).email;
    await createUser(s.db, s.org.id, { email: email.toUpperCase(), firstName: "Came", lastName: "First" });
    while ((await applyBatch(s.db, run.runId!)).remaining > 0);
    const errors = await s.db.select().from(syncRecordErrors).where(eq(syncRecordErrors.runId, run.runId!));
    expect(errors.filter((e) => e.reason.startsWith("Not created: another user"))).toEqual([
      expect.objectContaining({ bamboohrId: taken.bamboohrId, name: taken.name, employeeId: taken.employeeId, skipped: true }),
    ]);
    const people = await s.db.select().from(users).where(eq(users.organizationId, s.org.id));
    expect(people.filter((u) => u.email?.toLowerCase() === email.toLowerCase())).toMatchObject([{ firstName: "Came", bamboohrId: null }]);
    const creates = items.filter((i) => i.action === "create");
    expect(
      people
        .filter((u) => u.bamboohrId)
        .map((u) => u.bamboohrId)
        .sort(),
    ).toEqual(
      creates
        .filter((i) => i !== taken)
        .map((i) => i.bamboohrId)
        .sort(),
    );
    const audit = await s.db.select().from(userChanges).where(eq(userChanges.runId, run.runId!));
    expect(audit.filter((a) => a.action === "create")).toHaveLength(creates.length - 1);
  });

  it("a run whose plan is gone half-way fails rather than counting the rest as applied", async () => {
    const s = await connected(7);
    const run = await startRun(s.db, { organizationId: s.org.id, integrationId: s.integration.id, trigger: "manual" });
    await fetchAndStage(s.db, run.runId!, s.opts.overrides);
    await planRun(s.db, run.runId!);
    expect((await applyBatch(s.db, run.runId!, 5)).remaining).toBeGreaterThan(0);
    await s.db.delete(syncPlanChunks).where(eq(syncPlanChunks.runId, run.runId!));
    await expect(applyBatch(s.db, run.runId!, 5)).rejects.toThrow("The plan of this run is gone");
    const [after] = await s.db.select().from(syncRuns).where(eq(syncRuns.id, run.runId!));
    expect(after.processed).toBe(5);
  });

  it("a batch is not applied once its run was closed, even by a worker that already holds the items", async () => {
    const s = await connected(8);
    const run = await startRun(s.db, { organizationId: s.org.id, integrationId: s.integration.id, trigger: "manual" });
    await fetchAndStage(s.db, run.runId!, s.opts.overrides);
    await planRun(s.db, run.runId!);
    const [items] = await readPendingBatches(s.db, run.runId!, 1, 100);
    await failRun(s.db, run.runId!, "taken over");
    const ctx = { organizationId: s.org.id, runId: run.runId! };
    await expect(applyItems(s.db, ctx, items, new Map())).rejects.toBeInstanceOf(RunClosedError);
    expect((await s.db.select().from(users).where(eq(users.organizationId, s.org.id))).length).toBe(1);
  });

  it("the last admin stays active even when admins changed between the plan and the apply", async () => {
    const s = await connected(9);
    await syncWith(s, runDirectly, `first-${s.org.id}`);
    const [leaving, staying] = s.company.employees.slice(1, 3);
    const promote = (id: string) =>
      s.db
        .update(users)
        .set({ role: "admin" })
        .where(and(eq(users.organizationId, s.org.id), eq(users.bamboohrId, id)));
    await promote(leaving.id);
    await promote(staying.id);
    await s.db
      .update(users)
      .set({ role: "member" })
      .where(and(eq(users.organizationId, s.org.id), isNull(users.bamboohrId)));
    s.emu.updateEmployee(s.domain, leaving.id, { status: "Inactive" });
    const run = await startRun(s.db, { organizationId: s.org.id, integrationId: s.integration.id, trigger: "manual" });
    await fetchAndStage(s.db, run.runId!, s.opts.overrides);
    await planRun(s.db, run.runId!);
    await s.db
      .update(users)
      .set({ active: false })
      .where(and(eq(users.organizationId, s.org.id), eq(users.bamboohrId, staying.id)));
    // One item per batch, each step run twice: the item that fails is reported once and the run moves past it.
    for (let steps = 0; steps < 200; steps++) {
      await applyBatch(s.db, run.runId!, 1);
      if ((await applyBatch(s.db, run.runId!, 1)).remaining === 0) break;
    }
    const [admin] = await s.db
      .select()
      .from(users)
      .where(and(eq(users.organizationId, s.org.id), eq(users.bamboohrId, leaving.id)));
    expect(admin.active).toBe(true);
    const errors = await s.db.select().from(syncRecordErrors).where(eq(syncRecordErrors.runId, run.runId!));
    const refused = errors.filter((e) => e.reason === "Not applied: Not deactivated: this is the organization's last active admin.");
    expect(refused).toHaveLength(1);
    const [after] = await s.db.select().from(syncRuns).where(eq(syncRuns.id, run.runId!));
    expect(after.processed).toBe(after.total);
  });

  it("a run taken over as stale cannot be written or finished by its old worker; its snapshot is cleaned up", async () => {
    const s = await connected(4);
    const old = await startRun(s.db, { organizationId: s.org.id, integrationId: s.integration.id, trigger: "manual" });
    await fetchAndStage(s.db, old.runId!, s.opts.overrides);
    await s.db
      .update(syncRuns)
      .set({ heartbeatAt: new Date(Date.now() - 2 * 3600_000) })
      .where(eq(syncRuns.id, old.runId!));
    const fresh = await startRun(s.db, { organizationId: s.org.id, integrationId: s.integration.id, trigger: "manual" });
    expect(fresh.started).toBe(true);
    expect(await s.db.select().from(syncStagedEmployees).where(eq(syncStagedEmployees.runId, old.runId!))).toHaveLength(0);
    for (const step of [() => planRun(s.db, old.runId!), () => applyBatch(s.db, old.runId!), () => finishRun(s.db, old.runId!)]) {
      await expect(step()).rejects.toBeInstanceOf(RunClosedError);
    }
    expect((await s.db.select().from(syncRuns).where(eq(syncRuns.id, old.runId!)))[0]).toMatchObject({ status: "failed", phase: "failed" });
    expect((await s.db.select().from(users).where(eq(users.organizationId, s.org.id))).length).toBe(1); // the admin only
  });

  it("the failure handler fails the run of its own Inngest run, never another", async () => {
    const s = await connected(5);
    const mine = await startRun(s.db, {
      organizationId: s.org.id,
      integrationId: s.integration.id,
      trigger: "manual",
      inngestRunId: `mine-${s.org.id}`,
    });
    expect(await handleSyncFailure({ inngestRunId: `someone-else-${s.org.id}`, message: "boom" })).toMatchObject({ runId: null });
    expect((await s.db.select().from(syncRuns).where(eq(syncRuns.id, mine.runId!)))[0].status).toBe("running");
    expect(await handleSyncFailure({ inngestRunId: `mine-${s.org.id}`, message: "boom" })).toMatchObject({ runId: mine.runId });
    expect((await s.db.select().from(syncRuns).where(eq(syncRuns.id, mine.runId!)))[0]).toMatchObject({ status: "failed", error: "boom" });
  });
});

/** When the users table was last analyzed by hand (not by autovacuum): 0 if never. */
