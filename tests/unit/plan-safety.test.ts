import { describe, expect, it } from "vitest";
import type { BambooEmployee } from "@/lib/bamboohr/normalize";
import type { PlannedUser } from "@/lib/sync/plan/types";
import { emp, existing, plan } from "../helpers/records";

const today = "2026-06-15";
const ids = (items: Array<{ userId: string | null }>) => items.map((i) => i.userId).sort();

describe("[SYNC] a leaver loses access whatever else is wrong with the record", () => {
  // Each breakage on a terminated employee who is still active in Roster.
  const breakages: Array<[string, Partial<BambooEmployee>, RegExp]> = [
    ["Work Email cleared", { workEmail: null }, /No Work Email/],
    ["Work Email invalid", { workEmail: null, flags: ['workEmail: "nope" is not a valid e-mail address'] }, /Invalid Work Email/],
    ["Job Title too long", { jobTitle: "x".repeat(201) }, /Job Title is longer than 200/],
    ["Department too long", { department: "d".repeat(201) }, /Department is longer than 200/],
    ["unknown Status", { status: "Terminated" }, /Unknown BambooHR status "Terminated"/],
    ["no Status", { status: null }, /no Status/],
  ];
  it.each(breakages)("%s: deactivated, other fields left as they are, the problem reported", (_name, breakage, reason) => {
    const before = emp("1");
    const leaver = emp("1", { terminationDate: "2026-05-31", status: "Inactive", lastName: "Changed", ...breakage });
    const p = plan([leaver], [existing("u1", before)], { today });
    expect(p.items).toHaveLength(1);
    expect(p.items[0]).toMatchObject({ action: "deactivate", userId: "u1" });
    expect(Object.keys(p.items[0].changes).sort()).toEqual(["active", "deactivationDate", "inactiveReason"]);
    expect(p.items[0].payload).toEqual({
      kind: "activation",
      active: false,
      deactivationDate: "2026-05-31",
      inactiveReasonCode: "terminated",
      inactiveReason: "Terminated on 2026-05-31.",
    });
    expect(p.errors).toHaveLength(1);
    expect(p.errors[0].reason).toMatch(reason);
  });

  it("a shared Work Email: both records still decide their users' access", () => {
    const a = emp("1", { workEmail: "shared@x.test", status: "Inactive" });
    const b = emp("2", { workEmail: "shared@x.test" });
    const p = plan([a, b], [existing("u1", emp("1")), existing("u2", emp("2"))], { today });
    expect(p.items.map((i) => [i.userId, i.action])).toEqual([["u1", "deactivate"]]);
    expect(p.errors.map((e) => e.bamboohrId).sort()).toEqual(["1", "2"]);
  });

  it("two records sharing a manual user's e-mail: the second neither takes nor deactivates that user", () => {
    const manual = existing("m1", emp("x", { workEmail: "kim@x.test", employeeNumber: null }), { bamboohrId: null, source: "manual" });
    const first = emp("1", { workEmail: "kim@x.test", employeeNumber: null });
    const second = emp("2", { workEmail: "kim@x.test", employeeNumber: null, terminationDate: "2026-01-01" });
    const p = plan([first, second], [manual], { today });
    // Neither record is synced while the address is shared; the first adopted the user and keeps it active.
    expect(p.items).toEqual([]);
    expect(p.counts).toMatchObject({ created: 0, deactivated: 0 });
    expect(p.errors.map((e) => [e.bamboohrId, e.reason])).toEqual([
      ["1", expect.stringMatching(/shared with F2 L2 \(id 2\)/)],
      ["2", expect.stringMatching(/shared with F1 L1 \(id 1\)/)],
    ]);
  });

  it("an address that another Roster user holds: access still follows BambooHR", () => {
    const leaver = emp("1", { workEmail: "held@x.test", terminationDate: "2026-01-01" });
    const holder = existing("u9", emp("9"), { bamboohrId: null, source: "manual", email: "held@x.test" });
    const p = plan([leaver], [existing("u1", emp("1")), holder], { today });
    expect(p.items).toMatchObject([{ action: "deactivate", userId: "u1" }]);
    expect(p.errors[0].reason).toMatch(/already belongs to the Roster user/);
  });

  it("a broken record of a rehired employee reactivates them", () => {
    const rehired = emp("1", { workEmail: null, terminationDate: "2025-01-31", hireDate: "2026-02-01" });
    const was = existing("u1", emp("1"), {
      active: false,
      inactiveReasonCode: "terminated",
      inactiveReason: "Terminated on 2025-01-31.",
      deactivationDate: "2025-01-31",
    });
    const p = plan([rehired], [was], { today });
    expect(p.items).toMatchObject([
      { action: "reactivate", userId: "u1", payload: { kind: "activation", active: true, deactivationDate: null } },
    ]);
  });
});

describe("[SYNC] fields the API key cannot see are never written", () => {
  it("keeps present values, creates with nothing there, and names the fields", () => {
    const e1 = emp("1", { department: null, jobTitle: null });
    const p = plan(
      [e1, emp("2", { department: null, jobTitle: null })],
      [existing("u1", emp("1"), { department: "Eng", title: "Engineer" })],
      {
        missingFields: ["department", "jobTitle"],
      },
    );
    expect(p.counts).toMatchObject({ unchanged: 1, created: 1, updated: 0 });
    expect(p.warnings[0]).toMatch(/cannot see Department, Job Title: those fields were left as they are/);
  });

  it("hidden Reports To leaves every manager link alone", () => {
    const e2 = emp("2", { supervisorEId: null });
    const p = plan([emp("1"), e2], [existing("u1", emp("1")), existing("u2", e2, { managerId: "u1", managerBambooId: "1" })], {
      missingFields: ["supervisorEId", "supervisorId"],
    });
    expect(p.items).toHaveLength(0);
  });

  it.each([["status"], ["terminationDate"], ["hireDate"]])("hidden %s: no activation changes at all", (field) => {
    const leaver = emp("1", { status: null, terminationDate: null, hireDate: null, jobTitle: "New title" });
    const gone = existing("u3", emp("3"));
    const p = plan([leaver, emp("2")], [existing("u1", emp("1")), gone], { missingFields: [field] });
    // The title still syncs; nobody is deactivated (not even the one missing from the report), nobody created.
    expect(p.items.map((i) => [i.userId, i.action])).toEqual([["u1", "update"]]);
    expect(p.items[0].changes).toEqual({ title: { from: "Engineer", to: "New title" } });
    expect(p.errors.map((e) => e.reason)).toEqual(["Not created: the API key cannot see the fields the activation rule needs."]);
    expect(p.warnings[0]).toMatch(/nobody was activated or deactivated/);
  });

  it("hidden Employment Status matters only with a blocklist", () => {
    const contractor = emp("1", { employmentHistoryStatus: null });
    expect(plan([contractor], [existing("u1", emp("1"))], { missingFields: ["employmentHistoryStatus"] }).items).toHaveLength(0);
    const p = plan([contractor], [existing("u1", emp("1"))], { missingFields: ["employmentHistoryStatus"], blocklist: ["Contractor"] });
    expect(p.items).toHaveLength(0);
    expect(p.warnings[0]).toMatch(/Employment Status.*nobody was activated or deactivated/);
  });

  it("hidden Work Email: updates keep the address, new employees wait", () => {
    const p = plan([emp("1", { workEmail: null, jobTitle: "Lead" }), emp("2", { workEmail: null })], [existing("u1", emp("1"))], {
      missingFields: ["workEmail"],
    });
    expect(p.items).toMatchObject([{ action: "update", userId: "u1", changes: { title: { from: "Engineer", to: "Lead" } } }]);
    expect((p.items[0].payload as PlannedUser).email).toBe("e1@x.test");
    expect(p.errors.map((e) => e.reason)).toEqual(["Not created: the API key cannot see Work Email."]);
  });
});

describe("[SYNC] adoption, the safeguard's count, and the last admin", () => {
  it("adopts by Employee # only when the e-mails agree", () => {
    const manual = existing("m1", emp("1"), { bamboohrId: null, source: "manual", email: "other@x.test" });
    const p = plan([emp("1")], [manual]);
    expect(p.items).toHaveLength(0);
    expect(p.errors[0].reason).toMatch(/Employee # N1 matches the Roster user F1 L1 \(other@x.test\)/);
  });

  it("adopted users count in the safeguard, as do their deactivations", () => {
    const employees = Array.from({ length: 10 }, (_, i) => emp(String(i), i < 5 ? { status: "Inactive" } : {}));
    const manual = employees.map((e) => existing(`m${e.id}`, emp(e.id), { bamboohrId: null, source: "manual" }));
    const p = plan(employees, manual);
    expect(p).toMatchObject({ managedDeactivations: 5, activeManagedUsers: 10 });
  });

  it("never deactivates the last active admin, and says why", () => {
    const p = plan([emp("1", { status: "Inactive" })], [existing("u1", emp("1"), { role: "admin" })]);
    expect(p.items).toHaveLength(0);
    expect(p.errors[0].reason).toMatch(
      /F1 L1 is the organization's last active admin, so the sync did not deactivate them.*Inactive in BambooHR/,
    );
  });

  it("of two leaving admins one stays; an admin leaves when another stays", () => {
    const two = plan(
      [emp("1", { status: "Inactive" }), emp("2", { status: "Inactive" })],
      [existing("u1", emp("1"), { role: "admin" }), existing("u2", emp("2"), { role: "admin" })],
    );
    expect(ids(two.items)).toEqual(["u2"]);
    const one = plan(
      [emp("1", { status: "Inactive" }), emp("2")],
      [existing("u1", emp("1"), { role: "admin" }), existing("u2", emp("2"), { role: "admin" })],
    );
    expect(ids(one.items)).toEqual(["u1"]);
    expect(one.errors).toHaveLength(0);
  });
});

describe("[SYNC] e-mail and employee-number swaps", () => {
  it("a swap of two addresses applies cleanly, e-mail changes first", () => {
    const p = plan(
      [emp("1", { workEmail: "b@x.test" }), emp("2", { workEmail: "a@x.test" }), emp("3", { jobTitle: "Lead" })],
      [existing("u3", emp("3")), existing("u1", emp("1"), { email: "a@x.test" }), existing("u2", emp("2"), { email: "b@x.test" })],
    );
    expect(p.errors).toEqual([]);
    expect(p.items.map((i) => i.userId)).toEqual(["u1", "u2", "u3"]);
  });

  it("a chain, ending at a new hire who takes the last freed address", () => {
    const p = plan(
      [
        emp("1", { workEmail: "b@x.test" }),
        emp("2", { workEmail: "c@x.test" }),
        emp("3", { workEmail: "d@x.test" }),
        emp("4", { workEmail: "a@x.test" }),
      ],
      [
        existing("u1", emp("1"), { email: "a@x.test" }),
        existing("u2", emp("2"), { email: "b@x.test" }),
        existing("u3", emp("3"), { email: "c@x.test" }),
      ],
    );
    expect(p.errors).toEqual([]);
    expect(p.items.map((i) => i.action)).toEqual(["update", "update", "update", "create"]);
  });

  it("an address a manual account holds is a conflict; the address it leaves held moves on, as BambooHR says", () => {
    const manual = existing("m9", emp("9"), { bamboohrId: null, source: "manual", email: "c@x.test" });
    const p = plan(
      [emp("1", { workEmail: "b@x.test" }), emp("2", { workEmail: "c@x.test" })],
      [existing("u1", emp("1"), { email: "a@x.test" }), existing("u2", emp("2"), { email: "b@x.test" }), manual],
    );
    // 2 cannot take c@ (a manual account has it); b@ is no longer 2's in BambooHR, so 1 takes it and 2 has none.
    expect(p.items.map((i) => [i.userId, i.changes.email])).toEqual([
      ["u1", { from: "a@x.test", to: "b@x.test" }],
      ["u2", { from: "b@x.test", to: null }],
    ]);
    expect(p.errors.map((e) => [e.bamboohrId, e.reason])).toEqual([
      ["2", expect.stringMatching(/Work Email c@x.test already belongs to the Roster user F9 L9/)],
      ["2", expect.stringMatching(/Work Email b@x.test moved to F1 L1/)],
    ]);
  });

  it("an address moves from a BambooHR account whose record no longer has it, never from a manual one", () => {
    const hire = emp("5", { workEmail: "pat@x.test" });
    // A leaver whose address HR cleared (the record stays, without an e-mail) so that it could go to the new hire.
    const leaver = existing("u4", emp("4"), { email: "pat@x.test", active: false, inactiveReasonCode: "terminated" });
    const p = plan([emp("4", { workEmail: null, terminationDate: "2026-01-01", status: "Inactive" }), hire], [leaver], { today });
    expect(p.items.find((i) => i.userId === "u4")).toMatchObject({
      action: "update",
      changes: { email: { from: "pat@x.test", to: null } },
    });
    expect(p.items.find((i) => i.action === "create")).toMatchObject({ bamboohrId: "5", payload: { email: "pat@x.test" } });
    // Access still follows BambooHR: the leaver stays inactive; the move is reported.
    expect(p.items.find((i) => i.userId === "u4")!.payload).toMatchObject({ active: false, releasesEmail: true });
    expect(p.errors.map((e) => e.reason)).toContainEqual(expect.stringMatching(/Work Email pat@x.test moved to F5 L5/));
    // The same address on a manual account (an account of BambooHR's takes it, rather than adopting): a reported
    // conflict, nothing moves.
    const manual = existing("m4", emp("4"), { bamboohrId: null, source: "manual", email: "pat@x.test" });
    const q = plan([hire], [existing("u5", emp("5"), { email: "old@x.test" }), manual], { today });
    expect(q.items).toEqual([]);
    expect(q.errors[0].reason).toMatch(/already belongs to the Roster user/);
    // A targeted sync does not know what a record outside it says: nothing moves.
    const linked = existing("u4", emp("4"), { email: "pat@x.test" });
    expect(plan([hire], [linked], { today, partial: true }).items).toEqual([]);
  });

  it("swapped employee numbers are plain updates", () => {
    const p = plan(
      [emp("1", { employeeNumber: "N2" }), emp("2", { employeeNumber: "N1" })],
      [existing("u1", emp("1")), existing("u2", emp("2"))],
    );
    expect(p.errors).toEqual([]);
    expect(p.items.map((i) => i.changes.employeeId)).toEqual([
      { from: "N1", to: "N2" },
      { from: "N2", to: "N1" },
    ]);
  });
});
