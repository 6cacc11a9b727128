import { and, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { departments, integrations, syncPlanItems, syncRuns, userChanges, users } from "@/lib/db/schema";
import { previewSync, runApprovedSteps, runInProcess, runSyncSteps } from "@/lib/sync/pipeline";
import { failInterruptedRuns, startRun } from "@/lib/sync/run/store";
import { approveRun, discardRun } from "@/lib/sync/run/approval";
import { employee } from "../helpers/emulator";
import { createDepartment, createUser, usersOf } from "../helpers/factories";
import { connectedOrg, type ConnectOptions } from "../helpers/connected-org";

const setup = (options: ConnectOptions = {}) => connectedOrg(options);

describe("[SYNC] whole runs against the emulator", () => {
  it("first sync creates every employee with the mapped fields, departments and managers", async () => {
    const s = await setup({ size: 25 });
    const outcome = await s.sync();
    expect(outcome.status).toBe("succeeded");
    const users = await s.byBamboo();
    expect(users.size).toBe(25);
    for (const e of s.company.employees) {
      const u = users.get(e.id)!;
      expect(u).toMatchObject({
        employeeId: e.employeeNumber,
        email: e.workEmail,
        firstName: e.firstName,
        lastName: e.lastName,
        preferredName: e.preferredName,
        title: e.jobTitle,
        phone: e.workPhone,
        location: e.city,
        deactivationDate: e.terminationDate,
        startDate: e.hireDate,
        source: "bamboohr",
      });
      expect(u.active).toBe(e.status === "Active" && !(e.terminationDate && e.terminationDate < new Date().toISOString().slice(0, 10)));
      const manager = e.supervisorEId ? users.get(e.supervisorEId)!.id : null;
      expect(u.managerId).toBe(manager);
    }
    const depts = await s.db.select().from(departments).where(eq(departments.organizationId, s.org.id));
    expect(new Set(depts.map((d) => d.name))).toEqual(new Set(s.company.employees.map((e) => e.department)));
    const run = await s.run(outcome.runId!);
    expect(run.counts).toMatchObject({ fetched: 25, created: 25, updated: 0, skipped: 0, errors: 0 });
    expect(run.trigger).toBe("manual");
    const audit = await s.db.select().from(userChanges).where(eq(userChanges.runId, outcome.runId!));
    expect(audit).toHaveLength(25);
    expect(audit[0].changes.email.from).toBeNull();
  });

  it("a second sync applies name, e-mail, manager, department, termination and rehire, and audits each", async () => {
    const s = await setup({ size: 12 });
    const [a, b, c, d] = s.company.employees.slice(4, 8);
    const original = { ...a };
    d.status = "Inactive";
    d.terminationDate = "2020-05-01";
    await s.sync();
    s.emu.updateEmployee(s.domain, a.id, { firstName: "Renamed", workEmail: "renamed@example.com" });
    s.emu.updateEmployee(s.domain, b.id, { supervisorEId: c.id, supervisorId: c.employeeNumber, department: "Brand New Dept" });
    s.emu.updateEmployee(s.domain, c.id, { status: "Inactive", terminationDate: "2024-01-31" });
    s.emu.updateEmployee(s.domain, d.id, { status: "Active", terminationDate: null });
    const outcome = await s.sync();
    expect(outcome.status).toBe("succeeded");
    const users = await s.byBamboo();
    expect(users.get(a.id)).toMatchObject({ firstName: "Renamed", email: "renamed@example.com" });
    expect(users.get(b.id)!.managerId).toBe(users.get(c.id)!.id);
    expect(users.get(c.id)).toMatchObject({
      active: false,
      deactivationDate: "2024-01-31",
      inactiveReasonCode: "terminated",
      inactiveReason: "Terminated on 2024-01-31.",
    });
    expect(users.get(d.id)).toMatchObject({ active: true, deactivationDate: null, inactiveReason: null });
    const run = await s.run(outcome.runId!);
    expect(run.counts).toMatchObject({ updated: 2, deactivated: 1, reactivated: 1, created: 0, departmentsCreated: 1 });
    const audit = await s.db.select().from(userChanges).where(eq(userChanges.runId, outcome.runId!));
    const forA = audit.find((x) => x.userId === users.get(a.id)!.id)!;
    expect(forA.changes).toEqual({
      firstName: { from: original.firstName, to: "Renamed" },
      email: { from: original.workEmail, to: "renamed@example.com" },
    });
    expect(audit.find((x) => x.userId === users.get(b.id)!.id)!.changes.manager.to).toContain(c.lastName);
  });

  it("overwrites a manual edit of a synced field, and leaves role and password alone", async () => {
    const s = await setup({ size: 6 });
    await s.sync();
    const target = s.company.employees[2];
    const before = (await s.byBamboo()).get(target.id)!;
    await s.db.update(users).set({ title: "Edited by hand", role: "admin", passwordHash: "hash" }).where(eq(users.id, before.id));
    await s.sync();
    const after = (await s.byBamboo()).get(target.id)!;
    expect(after.title).toBe(target.jobTitle);
    expect(after.role).toBe("admin");
    expect(after.passwordHash).toBe("hash");
  });

  it("re-running the same snapshot writes nothing", async () => {
    const s = await setup({ size: 30 });
    await s.sync();
    const before = await usersOf(s.db, s.org.id);
    const outcome = await s.sync();
    const run = await s.run(outcome.runId!);
    expect(run.counts).toMatchObject({ created: 0, updated: 0, deactivated: 0, reactivated: 0, unchanged: 30 });
    expect(await s.db.select().from(syncPlanItems).where(eq(syncPlanItems.runId, outcome.runId!))).toHaveLength(0);
    const after = await usersOf(s.db, s.org.id);
    expect(after.map((u) => u.updatedAt.getTime()).sort()).toEqual(before.map((u) => u.updatedAt.getTime()).sort());
  });

  it("deactivates employees missing from BambooHR, never deletes them", async () => {
    const s = await setup({ size: 10 });
    await s.sync();
    const gone = s.company.employees[9];
    s.emu.removeEmployee(s.domain, gone.id);
    await s.sync();
    const u = (await s.byBamboo()).get(gone.id)!;
    expect(u).toMatchObject({ active: false, inactiveReasonCode: "missing_from_bamboohr" });
  });

  it("holds a run that would deactivate too many, and applies it on approval", async () => {
    const s = await setup({
      size: 30,
      mutate: (c) =>
        c.employees.forEach((e) => {
          e.status = "Active";
          e.terminationDate = null;
        }),
    });
    await s.sync();
    for (const e of s.company.employees.slice(0, 10)) s.emu.updateEmployee(s.domain, e.id, { status: "Inactive" });
    const held = await s.sync();
    expect(held.status).toBe("needs_review");
    const run = await s.run(held.runId!);
    expect(run.holdMessage).toMatch(/would deactivate 10 of 30 active BambooHR users/);
    expect(run).toMatchObject({ holdReason: "safeguard", phase: "held" });
    expect((await usersOf(s.db, s.org.id)).filter((u) => u.active && u.source === "bamboohr")).toHaveLength(30);
    expect(await approveRun(s.db, s.org.id, held.runId!, s.admin.id)).toEqual({ ok: true });
    const applied = await runInProcess(s.db, held.runId!, runApprovedSteps, s.opts);
    expect(applied.status).toBe("succeeded");
    expect(await s.run(held.runId!)).toMatchObject({ approvedBy: s.admin.id, status: "succeeded" });
    expect((await usersOf(s.db, s.org.id)).filter((u) => u.active && u.source === "bamboohr")).toHaveLength(20);
  });

  it("a discarded held run changes nothing and cannot be approved", async () => {
    const s = await setup({
      size: 10,
      mutate: (c) =>
        c.employees.forEach((e) => {
          e.status = "Active";
          e.terminationDate = null;
        }),
    });
    await s.sync();
    for (const e of s.company.employees.slice(0, 6)) s.emu.removeEmployee(s.domain, e.id);
    const held = await s.sync();
    expect(held.status).toBe("needs_review");
    expect(await discardRun(s.db, s.org.id, held.runId!)).toBe(true);
    expect(await approveRun(s.db, s.org.id, held.runId!, s.admin.id)).toMatchObject({ ok: false });
    expect((await usersOf(s.db, s.org.id)).filter((u) => u.active && u.source === "bamboohr")).toHaveLength(10);
  });

  it("an empty snapshot never deactivates everyone", async () => {
    const s = await setup({ size: 4 });
    await s.sync();
    for (const e of [...s.company.employees]) s.emu.removeEmployee(s.domain, e.id);
    const outcome = await s.sync();
    expect(outcome.status).toBe("succeeded_with_warnings");
    expect((await s.run(outcome.runId!)).warnings[0]).toMatch(/no employees/);
    expect((await s.byBamboo()).size).toBe(4);
    expect([...(await s.byBamboo()).values()].filter((u) => u.inactiveReasonCode === "missing_from_bamboohr")).toHaveLength(0);
  });

  it("blocklisted and status-less employees are inactive with the reason", async () => {
    const s = await setup({
      size: 3,
      blocklist: ["Contractor"],
      mutate: (c) => {
        c.employees = [
          employee({ id: "1", employmentStatus: { name: "Contractor", effectiveDate: "2020-01-01" } }),
          employee({ id: "2", employmentStatus: { name: "Full Time", effectiveDate: "2999-01-01" } }),
          employee({ id: "3" }),
        ];
      },
    });
    await s.sync();
    const users = await s.byBamboo();
    expect(users.get("1")).toMatchObject({
      active: false,
      inactiveReasonCode: "blocklisted",
      inactiveReason: 'Employment status "Contractor" is on the activation blocklist.',
    });
    expect(users.get("2")).toMatchObject({ active: false, inactiveReasonCode: "no_employment_status" });
    expect(users.get("3")!.active).toBe(true);
  });

  it("adopts users created by hand by e-mail (any case); by employee ID only when the e-mails agree", async () => {
    const s = await setup({ size: 2, mutate: (c) => (c.employees = [employee({ id: "1" }), employee({ id: "2" })]) });
    const byEmail = await createUser(s.db, s.org.id, { email: "E1@EXAMPLE.COM", firstName: "Old" });
    const byNumber = await createUser(s.db, s.org.id, { email: "someone@else.test", employeeId: "N2" });
    const loner = await createUser(s.db, s.org.id, { email: "loner@example.test" });
    const outcome = await s.sync();
    const all = await usersOf(s.db, s.org.id);
    expect(all).toHaveLength(4); // the admin + 3: nobody duplicated, nobody taken over
    expect(all.find((u) => u.id === byEmail.id)).toMatchObject({
      bamboohrId: "1",
      source: "bamboohr",
      firstName: "First",
      email: "e1@example.com",
    });
    // Same Employee # but another e-mail: maybe another person who reused the number. Reported, never merged.
    expect(all.find((u) => u.id === byNumber.id)).toMatchObject({ bamboohrId: null, source: "manual", email: "someone@else.test" });
    const [error] = await s.errorsOf(outcome.runId!);
    expect(error).toMatchObject({ bamboohrId: "2" });
    expect(error.reason).toMatch(/Employee # N2 matches the Roster user Test User \(someone@else.test\), whose e-mail differs/);
    expect(all.find((u) => u.id === loner.id)).toMatchObject({ source: "manual", active: true });
  });

  it("reports and skips bad records without losing the good ones", async () => {
    const s = await setup({
      size: 1,
      mutate: (c) => {
        c.employees = [
          employee({ id: "1", workEmail: "not-an-email" }),
          employee({ id: "2", workEmail: null }),
          employee({ id: "3", workEmail: "shared@example.com" }),
          employee({ id: "4", workEmail: "shared@example.com" }),
          employee({ id: "5", employeeNumber: "DUP" }),
          employee({ id: "6", employeeNumber: "DUP" }),
          employee({ id: "7", supervisorEId: "999" }),
          employee({ id: "8", supervisorEId: "8" }),
          employee({ id: "9", supervisorEId: "10" }),
          employee({ id: "10", supervisorEId: "9" }),
          employee({ id: "11", jobTitle: "x".repeat(201) }),
          employee({ id: "12", status: "Suspended" }),
          employee({ id: "13", firstName: "<script>alert(1)</script>", jobTitle: "<b>Boss</b>" }),
          employee({ id: "14", supervisorId: "N13" }),
        ];
      },
    });
    const owner = await createUser(s.db, s.org.id, { email: "shared@example.com", firstName: "Owner" });
    const outcome = await s.sync();
    expect(outcome.status).toBe("succeeded_with_errors");
    const users = await s.byBamboo();
    expect([...users.keys()].sort()).toEqual(["10", "13", "14", "5", "6", "7", "8", "9"]);
    const errors = await s.errorsOf(outcome.runId!);
    const reasonFor = (id: string) =>
      errors
        .filter((e) => e.bamboohrId === id)
        .map((e) => e.reason)
        .join(" | ");
    expect(reasonFor("1")).toMatch(/Invalid Work Email/);
    expect(reasonFor("2")).toMatch(/No Work Email/);
    expect(reasonFor("3")).toMatch(/shared with/);
    expect(reasonFor("4")).toMatch(/shared with/);
    expect(reasonFor("5")).toMatch(/Employee # DUP is used by 2 employees/);
    expect(reasonFor("7")).toMatch(/not in BambooHR's report/);
    expect(reasonFor("8")).toMatch(/themselves/);
    expect(reasonFor("9")).toMatch(/cycle/);
    expect(reasonFor("10")).toMatch(/cycle/);
    expect(reasonFor("11")).toMatch(/Job Title is longer than 200/);
    expect(reasonFor("12")).toMatch(/Unknown BambooHR status "Suspended"/);
    expect(users.get("7")!.managerId).toBeNull();
    expect(users.get("9")!.managerId).toBeNull();
    expect(users.get("13")).toMatchObject({ firstName: "<script>alert(1)</script>", title: "<b>Boss</b>" });
    expect(users.get("14")!.managerId).toBe(users.get("13")!.id);
    const untouched = (await usersOf(s.db, s.org.id)).find((u) => u.id === owner.id)!;
    expect(untouched).toMatchObject({ firstName: "Owner", source: "manual", bamboohrId: null });
    const run = await s.run(outcome.runId!);
    expect(run.counts).toMatchObject({ fetched: 14, created: 8, skipped: 6 });
  });

  it("a skipped employee already synced is left as it was, not deactivated", async () => {
    const s = await setup({ size: 1, mutate: (c) => (c.employees = [employee({ id: "1" }), employee({ id: "2" })]) });
    await s.sync();
    s.emu.updateEmployee(s.domain, "1", { workEmail: "broken", firstName: "Changed" });
    await s.sync();
    expect((await s.byBamboo()).get("1")).toMatchObject({ active: true, firstName: "First", email: "e1@example.com" });
  });

  it("flags departments that differ only by case or spacing", async () => {
    const s = await setup({ size: 1, mutate: (c) => (c.employees = [employee({ id: "1", department: "sales  team" })]) });
    await createDepartment(s.db, s.org.id, "Sales Team");
    const outcome = await s.sync();
    expect((await s.run(outcome.runId!)).warnings.join(" ")).toMatch(/"sales {2}team" from BambooHR differs from existing "Sales Team"/);
  });

  it("a failed connection fails the run and counts one failure, and no log line carries the key", async () => {
    const s = await setup({ size: 2 });
    s.emu.setKey(s.domain, { key: s.key, revoked: true });
    const written: string[] = [];
    const spies = [vi.spyOn(process.stdout, "write"), vi.spyOn(process.stderr, "write")].map((spy) =>
      spy.mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true)),
    );
    const previous = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = "debug";
    const outcome = await s.sync().finally(() => {
      spies.forEach((spy) => spy.mockRestore());
      process.env.LOG_LEVEL = previous;
    });
    expect(written.join("")).toContain("sync run failed");
    expect(written.join("")).not.toContain(s.key);
    expect(JSON.stringify(await s.run(outcome.runId!))).not.toContain(s.key);
    expect(outcome.status).toBe("failed");
    expect(outcome.error).toMatch(/rejected the API key/);
    const [integration] = await s.db.select().from(integrations).where(eq(integrations.id, s.integration.id));
    expect(integration.consecutiveFailures).toBe(1);
  });

  it("refuses a second run while one is in progress", async () => {
    const s = await setup({ size: 2 });
    await s.db.insert(syncRuns).values({ organizationId: s.org.id, integrationId: s.integration.id, trigger: "manual" });
    const outcome = await s.sync();
    expect(outcome.status).toBe("skipped");
    expect(
      await s.db
        .select()
        .from(syncRuns)
        .where(and(eq(syncRuns.integrationId, s.integration.id))),
    ).toHaveLength(1);
  });

  it("an in-process run silent for a minute died with its process: failed at once, Sync now works", async () => {
    const s = await setup({ size: 3 });
    const run = (heartbeatAgoMs: number, inngestRunId: string | null = null) =>
      s.db
        .insert(syncRuns)
        .values({
          organizationId: s.org.id,
          integrationId: s.integration.id,
          trigger: "manual",
          heartbeatAt: new Date(Date.now() - heartbeatAgoMs),
          inngestRunId,
          status: "failed",
        })
        .returning()
        .then(([r]) => r);
    const stuck = await run(90_000);
    await s.db.update(syncRuns).set({ status: "running" }).where(eq(syncRuns.id, stuck.id));
    expect(await failInterruptedRuns(s.db, s.integration.id)).toBe(1);
    expect(await s.run(stuck.id)).toMatchObject({ status: "failed", error: expect.stringMatching(/^Interrupted by a restart/) });
    expect((await s.sync()).status).toBe("succeeded");
    // An Inngest run may wait a while between its retries: only an hour of silence means it is lost.
    const durable = await run(10 * 60_000, `inngest-${s.org.id}`);
    await s.db.update(syncRuns).set({ status: "running" }).where(eq(syncRuns.id, durable.id));
    expect(await failInterruptedRuns(s.db, s.integration.id)).toBe(0);
    await s.db
      .update(syncRuns)
      .set({ heartbeatAt: new Date(Date.now() - 2 * 3600_000) })
      .where(eq(syncRuns.id, durable.id));
    expect((await s.sync()).status).toBe("succeeded");
    expect(await s.run(durable.id)).toMatchObject({ status: "failed" });
  });

  it("an in-process run keeps beating while it waits on a slow BambooHR", async () => {
    const s = await setup({ size: 3 });
    const started = await startRun(s.db, { organizationId: s.org.id, integrationId: s.integration.id, trigger: "manual" });
    s.emu.injectFault(s.domain, { type: "slow", ms: 1500 });
    const running = runInProcess(s.db, started.runId!, runSyncSteps, { ...s.opts, heartbeatMs: 200 });
    const beat = async () => (await s.run(started.runId!)).heartbeatAt.getTime();
    await new Promise((r) => setTimeout(r, 300));
    const early = await beat();
    await new Promise((r) => setTimeout(r, 700));
    // Still inside the one slow request: only the heartbeat can have moved it.
    expect((await s.run(started.runId!)).phase).toBe("fetching");
    expect((await beat()) - early).toBeGreaterThanOrEqual(400);
    expect((await running).status).toBe("succeeded");
  });

  it("a preview plans without writing anything", async () => {
    const s = await setup({ size: 15 });
    const preview = await previewSync(s.db, s.org.id, s.opts);
    expect(preview.ok && preview.plan.counts.created).toBe(15);
    expect((await s.byBamboo()).size).toBe(0);
    expect(await s.db.select().from(syncRuns).where(eq(syncRuns.organizationId, s.org.id))).toHaveLength(0);
  });
});
