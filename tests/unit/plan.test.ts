import { describe, expect, it } from "vitest";
import { findCycles } from "@/lib/sync/plan/planner";
import type { PlannedUser } from "@/lib/sync/plan/types";
import { emp, existing, plan } from "../helpers/records";

describe("[SYNC] planner", () => {
  it("creates new employees and resolves managers by internal id, then by employee number", () => {
    const p = plan([
      emp("1"),
      emp("2", { supervisorEId: "1" }),
      emp("3", { supervisorId: "N2" }),
      emp("4", { supervisorEId: "404", supervisorId: "N1" }),
    ]);
    const byId = new Map(p.items.map((i) => [i.bamboohrId, i.payload as PlannedUser]));
    expect(p.counts).toMatchObject({ created: 4, errors: 0 });
    expect(byId.get("2")!.managerBambooId).toBe("1");
    expect(byId.get("3")!.managerBambooId).toBe("2");
    expect(byId.get("4")!.managerBambooId).toBe("1");
  });

  it("an Employee # used by two or more employees (any of them first) matches no manager and adopts no user", () => {
    for (const order of [
      ["a", "b"],
      ["b", "a"],
    ]) {
      const shared = order.map((id) => emp(id, { employeeNumber: "7" }));
      const p = plan(
        [...shared, emp("3", { supervisorId: "7" }), emp("4", { employeeNumber: "8" }), emp("5", { supervisorId: "8" })],
        [existing("u7", emp("x", { employeeNumber: "7", workEmail: null }), { bamboohrId: null, source: "manual", email: "" })],
      );
      const byId = new Map(p.items.map((i) => [i.bamboohrId, i]));
      expect((byId.get("3")!.payload as PlannedUser).managerBambooId).toBeNull();
      expect((byId.get("5")!.payload as PlannedUser).managerBambooId).toBe("4"); // a number used once still works
      expect(byId.get("a")!.action).toBe("create");
      expect(byId.get("b")!.action).toBe("create");
      expect(
        p.errors
          .filter((e) => /Employee # 7 is used by 2 employees/.test(e.reason))
          .map((e) => e.bamboohrId)
          .sort(),
      ).toEqual(["a", "b"]);
    }
  });

  it("orders new users managers first (reports later in the snapshot or not), after the updates; a loop still ends", () => {
    const p = plan(
      [
        emp("4", { supervisorEId: "3" }),
        emp("3", { supervisorEId: "2" }),
        emp("9", { supervisorEId: "8" }), // 8 and 9 manage each other
        emp("2", { supervisorEId: "1" }),
        emp("8", { supervisorEId: "9" }),
        emp("5", { supervisorEId: "1" }),
        emp("1", { jobTitle: "CEO" }),
        emp("6", { supervisorEId: "3" }), // its manager's depth was found walking from another report
      ],
      [existing("u1", emp("1"))],
    );
    const order = p.items.map((i) => i.bamboohrId);
    expect(order[0]).toBe("1"); // the update of an existing user comes before any new one
    for (const [manager, report] of [
      ["2", "3"],
      ["3", "4"],
      ["3", "6"],
    ])
      expect(order.indexOf(manager)).toBeLessThan(order.indexOf(report));
    expect(new Set(order)).toEqual(new Set(["1", "2", "3", "4", "5", "6", "8", "9"]));
  });

  it("marks an unchanged user unchanged and a changed one with field-level before -> after", () => {
    const e1 = emp("1");
    const e2 = emp("2", { jobTitle: "Lead", department: "Platform" });
    const p = plan([e1, e2], [existing("u1", e1), existing("u2", emp("2"))]);
    expect(p.counts).toMatchObject({ unchanged: 1, updated: 1 });
    expect(p.items[0].changes).toEqual({ title: { from: "Engineer", to: "Lead" }, department: { from: "Eng", to: "Platform" } });
    expect(p.departmentsToCreate).toEqual(["Platform"]);
  });

  it.each([
    ["deactivate", { status: "Inactive" }, true, "deactivate"],
    ["reactivate", { status: "Active" }, false, "reactivate"],
  ] as const)("%s", (_n, change, wasActive, action) => {
    const e = emp("1", change);
    const p = plan(
      [e],
      [
        existing("u1", emp("1"), {
          active: wasActive,
          inactiveReason: wasActive ? null : "Inactive in BambooHR.",
          inactiveReasonCode: wasActive ? null : "inactive_in_bamboohr",
        }),
      ],
    );
    expect(p.items.map((i) => i.action)).toEqual([action]);
  });

  it("deactivates BambooHR users missing from the snapshot, leaves manual users alone", () => {
    const e1 = emp("1");
    const p = plan(
      [e1],
      [existing("u1", e1), existing("u2", emp("2")), existing("u3", emp("3"), { bamboohrId: null, source: "manual", email: "m@x.test" })],
    );
    expect(p.items).toHaveLength(1);
    expect(p.items[0]).toMatchObject({ action: "deactivate", userId: "u2" });
    expect(p.managedDeactivations).toBe(1);
    expect(p.activeManagedUsers).toBe(2);
  });

  it("drops every link of a manager cycle", () => {
    expect(
      findCycles(
        new Map([
          ["a", "b"],
          ["b", "c"],
          ["c", "a"],
          ["d", "a"],
          ["e", null],
        ]),
      ).sort(),
    ).toEqual(["a", "b", "c"]);
    expect(findCycles(new Map([["a", "a"]]))).toEqual(["a"]);
  });

  it("does not steal the e-mail of a user BambooHR still gives it to", () => {
    const e1 = emp("1", { workEmail: "taken@x.test" });
    const p = plan([e1, emp("9", { workEmail: "taken@x.test" })], [existing("u9", emp("9"), { bamboohrId: "9", email: "Taken@x.test" })]);
    expect(p.items.filter((i) => i.action === "create")).toHaveLength(0);
    expect(p.errors[0].reason).toMatch(/shared with F9 L9/);
  });

  it("reports the snapshot's own problems and counts them as skipped", () => {
    const p = plan([emp("1")], [], {
      snapshotProblems: [{ bamboohrId: null, employeeId: null, name: null, reason: "The record has no BambooHR id." }],
    });
    expect(p.counts).toMatchObject({ fetched: 2, created: 1, skipped: 1, errors: 1 });
  });
});
