import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { mailOutbox, organizations, syncRuns, users } from "@/lib/db/schema";
import { settingsInputSchema, updateSettings } from "@/lib/integrations/connection";
import { notifyRunOutcome } from "@/lib/notify/sync-email";
import { approveRun } from "@/lib/sync/run/approval";
import { runApprovedSteps, runInProcess } from "@/lib/sync/pipeline";
import { RunClosedError } from "@/lib/sync/run/lifecycle";
import { applyBatch } from "@/lib/sync/steps";
import { todayIn } from "@/lib/sync/plan/today";
import type { EmulatedEmployee } from "@/lib/bamboohr/emulator/types";
import { employee } from "../helpers/emulator";
import { connect, createOrg, createUser, usersOf } from "../helpers/factories";
import { bodyOf, startSmtp } from "../helpers/smtp";
import { connectedOrg } from "../helpers/connected-org";

let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterEach(() => {
  delete process.env.SMTP_URL;
});

async function setup(people: EmulatedEmployee[], options: { safeguardPercent?: number; notify?: boolean } = {}) {
  let recipients: string[] = [];
  const s = await connectedOrg({
    mutate: (c) => {
      c.employees = people;
      recipients = options.notify ? [`hr-${c.domain}@corp.test`] : [];
    },
    safeguardPercent: options.safeguardPercent,
  });
  if (recipients.length)
    await connect(s.db, s.org.id, {
      subdomain: s.domain,
      apiKey: s.key,
      safeguardPercent: options.safeguardPercent,
      notificationEmails: recipients,
    });
  const hooks = { notify: (runId: string) => notifyRunOutcome(s.db, runId) };
  const sync = () => s.sync("manual", hooks);
  const user = async (bamboohrId: string) => (await s.byBamboo()).get(bamboohrId)!;
  const mails = () => smtp.received.filter((m) => m.to.includes(recipients[0]));
  return { ...s, hooks, sync, user, mails };
}

describe("[SYNC] access follows BambooHR on messy data", () => {
  it("a leaver whose e-mail HR cleared, or whose record is broken otherwise, loses access; nothing else is written", async () => {
    const s = await setup([employee({ id: "1" }), employee({ id: "2" }), employee({ id: "3" }), employee({ id: "4" })]);
    await s.sync();
    s.emu.updateEmployee(s.domain, "1", { workEmail: null, status: "Inactive", terminationDate: "2026-01-15", lastName: "Renamed" });
    s.emu.updateEmployee(s.domain, "2", { workEmail: "not an address", status: "Inactive" });
    s.emu.updateEmployee(s.domain, "3", { jobTitle: "T".repeat(300), terminationDate: "2026-01-15" });
    const outcome = await s.sync();
    expect(outcome.status).toBe("succeeded_with_errors");
    for (const id of ["1", "2", "3"])
      expect(await s.user(id)).toMatchObject({ active: false, email: `e${id}@example.com`, title: "Engineer" });
    expect(await s.user("1")).toMatchObject({
      lastName: "Last1",
      inactiveReason: "Terminated on 2026-01-15.",
      deactivationDate: "2026-01-15",
    });
    expect(await s.user("4")).toMatchObject({ active: true });
    const reasons = (await s.errorsOf(outcome.runId!)).map((e) => `${e.bamboohrId}: ${e.reason}`).sort();
    expect(reasons).toEqual([
      "1: No Work Email in BambooHR.",
      '2: Invalid Work Email: "not an address" is not a valid e-mail address.',
      "3: Job Title is longer than 200 characters.",
    ]);
  });

  it("a rehire is active again; the old termination date no longer shows", async () => {
    const s = await setup([
      employee({ id: "1", status: "Inactive", terminationDate: "2024-03-01", hireDate: "2019-05-01" }),
      employee({ id: "2" }),
    ]);
    await s.sync();
    expect(await s.user("1")).toMatchObject({ active: false, inactiveReasonCode: "terminated" });
    s.emu.updateEmployee(s.domain, "1", { status: "Active", hireDate: "2025-09-01" });
    await s.sync();
    expect(await s.user("1")).toMatchObject({ active: true, deactivationDate: null, inactiveReason: null });
  });

  it('"today" is the date in the organization\'s time zone, America/Los_Angeles unless changed', async () => {
    // UTC-11 and UTC+14 never share a date: a last day that is today in one has passed in the other.
    const lastDay = todayIn("Pacific/Pago_Pago");
    const s = await setup([employee({ id: "1", terminationDate: lastDay }), employee({ id: "2" })]);
    const [org] = await s.db.select().from(organizations).where(eq(organizations.id, s.org.id));
    expect(org.timeZone).toBe("America/Los_Angeles");
    await s.db.update(organizations).set({ timeZone: "Pacific/Pago_Pago" }).where(eq(organizations.id, s.org.id));
    await s.sync();
    expect(await s.user("1")).toMatchObject({ active: true, deactivationDate: lastDay });
    await s.db.update(organizations).set({ timeZone: "Pacific/Kiritimati" }).where(eq(organizations.id, s.org.id));
    await s.sync();
    expect(await s.user("1")).toMatchObject({ active: false, inactiveReasonCode: "terminated" });
  });

  it("a field the key cannot see is never written; the run, page data and e-mail name it", async () => {
    process.env.SMTP_URL = smtp.url;
    const s = await setup([employee({ id: "1", supervisorEId: "2" }), employee({ id: "2" })], { notify: true });
    await s.sync();
    const before = await s.user("1");
    const visible = ["id", "employeeNumber", "workEmail", "firstName", "lastName", "preferredName", "workPhone", "city", "location"];
    s.emu.setKey(s.domain, { key: s.key, fields: [...visible, "status", "employmentHistoryStatus", "terminationDate", "hireDate"] });
    s.emu.updateEmployee(s.domain, "1", { firstName: "Renamed" });
    const outcome = await s.sync();
    expect(outcome.status).toBe("succeeded_with_warnings");
    const after = await s.user("1");
    expect(after).toMatchObject({
      firstName: "Renamed",
      title: "Engineer",
      departmentId: before.departmentId,
      managerId: before.managerId,
    });
    expect(before.managerId).not.toBeNull();
    const run = await s.run(outcome.runId!);
    expect(run.warnings[0]).toMatch(/cannot see Job Title, Department, Reports To, Reports To \(employee #\)/);
    expect(run.missingFields).toEqual(expect.arrayContaining(["jobTitle", "department", "supervisorEId"]));
    const mail = s.mails().at(-1)!;
    expect(mail.raw).toMatch(/Subject: BambooHR sync finished with warnings/);
    expect(bodyOf(mail)).toMatch(/cannot see Job Title, Department/);
  });

  it("when the key cannot see Status, nobody is activated, deactivated or created", async () => {
    const s = await setup([employee({ id: "1" }), employee({ id: "2" })]);
    await s.sync();
    s.emu.setKey(s.domain, {
      key: s.key,
      fields: ["id", "employeeNumber", "workEmail", "firstName", "lastName", "jobTitle", "terminationDate", "hireDate"],
    });
    s.emu.updateEmployee(s.domain, "1", { status: "Inactive", terminationDate: "2026-01-01" });
    s.emu.removeEmployee(s.domain, "2");
    s.emu.addEmployee(s.domain, employee({ id: "3" }));
    const outcome = await s.sync();
    expect(outcome.status).toBe("succeeded_with_errors");
    expect(await s.user("1")).toMatchObject({ active: true });
    expect(await s.user("2")).toMatchObject({ active: true });
    expect(await s.user("3")).toBeUndefined();
    expect((await s.run(outcome.runId!)).warnings[0]).toMatch(/nobody was activated or deactivated/);
  });

  it("the last active admin keeps access, with the reason on the run", async () => {
    const s = await setup([employee({ id: "1" }), employee({ id: "2" })]);
    // The admin is in BambooHR too, and is adopted by e-mail on the first sync.
    s.emu.updateEmployee(s.domain, "1", { workEmail: s.admin.email });
    await s.sync();
    s.emu.updateEmployee(s.domain, "1", { status: "Inactive" });
    const outcome = await s.sync();
    expect((await s.db.select().from(users).where(eq(users.id, s.admin.id)))[0]).toMatchObject({ active: true, bamboohrId: "1" });
    const [error] = await s.errorsOf(outcome.runId!);
    expect(error.reason).toMatch(/is the organization's last active admin, so the sync did not deactivate them/);
    await createUser(s.db, s.org.id, { role: "admin", email: `second-${s.domain}@corp.test` });
    await s.sync();
    expect((await s.db.select().from(users).where(eq(users.id, s.admin.id)))[0]).toMatchObject({ active: false });
  });

  it("e-mail swaps and chains apply against the database's unique index", async () => {
    const s = await setup([employee({ id: "1" }), employee({ id: "2" }), employee({ id: "3" })]);
    await s.sync();
    s.emu.updateEmployee(s.domain, "1", { workEmail: "e2@example.com" });
    s.emu.updateEmployee(s.domain, "2", { workEmail: "e1@example.com" });
    s.emu.updateEmployee(s.domain, "3", { workEmail: "e3-new@example.com" });
    s.emu.addEmployee(s.domain, employee({ id: "4", workEmail: "e3@example.com" }));
    const outcome = await s.sync();
    expect(outcome.status).toBe("succeeded");
    expect((await s.user("1")).email).toBe("e2@example.com");
    expect((await s.user("2")).email).toBe("e1@example.com");
    expect((await s.user("4")).email).toBe("e3@example.com");
    expect((await s.sync()).status).toBe("succeeded");
  });
});

describe("[SYNC] approvals apply only a held run an admin approved, against current data", () => {
  const everyoneActive = () => Array.from({ length: 12 }, (_, i) => employee({ id: String(i + 1) }));
  async function held() {
    const s = await setup(everyoneActive(), { safeguardPercent: 20 });
    await s.sync();
    for (const id of ["1", "2", "3", "4", "5", "6"]) s.emu.updateEmployee(s.domain, id, { status: "Inactive" });
    const outcome = await s.sync();
    expect(outcome.status).toBe("needs_review");
    return { ...s, heldId: outcome.runId! };
  }
  const activeCount = async (s: Awaited<ReturnType<typeof held>>) =>
    (await usersOf(s.db, s.org.id)).filter((u) => u.bamboohrId && u.active).length;

  it("re-reads BambooHR: a deactivation HR undid is not applied, one that appeared since waits; who approved is stored", async () => {
    const s = await held();
    for (const id of ["1", "2", "3", "4"]) s.emu.updateEmployee(s.domain, id, { status: "Active" });
    s.emu.updateEmployee(s.domain, "12", { status: "Inactive" });
    expect(await approveRun(s.db, s.org.id, s.heldId, s.admin.id)).toEqual({ ok: true });
    const done = await runInProcess(s.db, s.heldId, runApprovedSteps, s.opts);
    expect(done.status).toBe("succeeded_with_warnings");
    expect((await s.user("5")).active).toBe(false);
    expect((await s.user("1")).active).toBe(true);
    expect((await s.user("12")).active).toBe(true);
    const run = await s.run(s.heldId);
    expect(run).toMatchObject({ approvedBy: s.admin.id, holdReason: "safeguard" });
    expect(run.approvedAt).toBeInstanceOf(Date);
    expect(run.warnings.join(" ")).toMatch(/4 approved deactivation\(s\) were not applied: BambooHR no longer asks for them/);
    expect(run.warnings.join(" ")).toMatch(/1 deactivation\(s\) that appeared after the review were not applied/);
  });

  it("a newer sync supersedes a held run, which can no longer be approved", async () => {
    const s = await held();
    const newer = await s.sync();
    expect((await s.run(s.heldId)).status).toBe("superseded");
    expect(await approveRun(s.db, s.org.id, s.heldId, s.admin.id)).toEqual({ ok: false, error: expect.stringMatching(/newer sync/) });
    expect(await approveRun(s.db, s.org.id, newer.runId!, s.admin.id)).toEqual({ ok: true });
  });

  it("a held run that is not the integration's newest run cannot be approved", async () => {
    const s = await held();
    await s.db.insert(syncRuns).values({ organizationId: s.org.id, integrationId: s.integration.id, trigger: "cli", status: "failed" });
    expect(await approveRun(s.db, s.org.id, s.heldId, s.admin.id)).toEqual({ ok: false, error: expect.stringMatching(/newer sync/) });
  });

  it("only an active admin of the run's organization can approve", async () => {
    const s = await held();
    const member = await createUser(s.db, s.org.id, { role: "member" });
    expect(await approveRun(s.db, s.org.id, s.heldId, member.id)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Only an active admin/),
    });
    const other = await createOrg();
    expect(await approveRun(s.db, other.org.id, s.heldId, other.admin.id)).toMatchObject({ ok: false, error: "No such run." });
    expect(await approveRun(s.db, s.org.id, s.heldId, other.admin.id)).toMatchObject({ ok: false });
    expect((await s.run(s.heldId)).status).toBe("needs_review");
  });

  it("the apply steps refuse a run nobody approved, whatever asks them", async () => {
    const s = await held();
    const forged = await runInProcess(s.db, s.heldId, runApprovedSteps, s.opts);
    expect(forged).toMatchObject({ status: "needs_review", error: expect.stringMatching(/\(Needs review\): nothing more is applied/) });
    await s.db.update(syncRuns).set({ status: "running" }).where(eq(syncRuns.id, s.heldId)); // even if its status were forged
    const again = await runInProcess(s.db, s.heldId, runApprovedSteps, s.opts);
    expect(again.error).toMatch(/nothing more is applied/);
    await s.db.update(syncRuns).set({ status: "running" }).where(eq(syncRuns.id, s.heldId));
    await expect(applyBatch(s.db, s.heldId)).rejects.toBeInstanceOf(RunClosedError);
    expect(await activeCount(s)).toBe(12);
  });

  it("e-mails the hold, and again the outcome after approval", async () => {
    process.env.SMTP_URL = smtp.url;
    const s = await setup(everyoneActive(), { safeguardPercent: 20, notify: true });
    await s.sync();
    for (const id of ["1", "2", "3", "4", "5", "6"]) s.emu.updateEmployee(s.domain, id, { status: "Inactive" });
    s.emu.updateEmployee(s.domain, "7", { workEmail: null });
    const heldRun = await s.sync();
    await approveRun(s.db, s.org.id, heldRun.runId!, s.admin.id);
    await runInProcess(s.db, heldRun.runId!, runApprovedSteps, s.opts, s.hooks);
    const subjects = s.mails().map((m) => /Subject: (.*)/.exec(m.raw)![1]);
    expect(subjects).toEqual(["BambooHR sync held for review: too many deactivations", "BambooHR sync finished with 1 record error(s)"]);
    expect(await s.db.select().from(mailOutbox).where(eq(mailOutbox.runId, heldRun.runId!))).toHaveLength(2);
  });
});

describe("[SYNC] the organization's time zone is a setting", () => {
  it("is saved with the integration settings, and only a zone the runtime knows", async () => {
    const s = await setup([employee({ id: "1" })]);
    const input = settingsInputSchema.parse({
      activationBlocklist: [],
      notificationEmails: [],
      safeguardPercent: 20,
      timeZone: "Europe/Paris",
    });
    await updateSettings(s.db, s.org.id, input);
    expect((await s.db.select().from(organizations).where(eq(organizations.id, s.org.id)))[0].timeZone).toBe("Europe/Paris");
    const wrong = settingsInputSchema.safeParse({ timeZone: "Mars/Olympus_Mons" });
    expect(wrong.error?.issues[0].message).toMatch(/Choose a time zone from the list/);
  });
});
