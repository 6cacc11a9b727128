import { describe, expect, it } from "vitest";
import { updateSettings } from "@/lib/integrations/connection";
import { syncOrganization } from "@/lib/sync/pipeline";
import { employee } from "../helpers/emulator";
import { connectedOrg } from "../helpers/connected-org";

const TODAY = "2026-12-01";

const people = () => [
  employee({ id: "1", hireDate: "2020-01-01" }),
  // Starts in 3 days (BambooHR reports future hires as Inactive): within a 7-day window.
  employee({ id: "2", status: "Inactive", hireDate: "2026-12-04", supervisorEId: "1" }),
  // Starts in 5 days, reported Active.
  employee({ id: "3", hireDate: "2026-12-06" }),
  // Starts in 30 days: outside the window, no account yet.
  employee({ id: "4", hireDate: "2026-12-31" }),
];

async function setup(prestartDays: number) {
  const s = await connectedOrg({ mutate: (c) => (c.employees = people()) });
  await updateSettings(s.db, s.org.id, {
    apiKey: undefined,
    activationBlocklist: [],
    notificationEmails: [],
    safeguardPercent: 20,
    prestartDays,
  });
  const sync = (today: string) => syncOrganization(s.db, { organizationId: s.org.id, trigger: "schedule" }, { ...s.opts, today });
  return { ...s, sync };
}

describe("[SYNC] pre-start accounts: created N days before the start date, activated on it", () => {
  it("future hires within N days get an inactive account marked Starts on; later ones none yet; each is activated on its start date", async () => {
    const s = await setup(7);
    const first = await s.sync(TODAY);
    expect(first.status).toBe("succeeded");
    let users = await s.byBamboo();
    expect(users.get("1")).toMatchObject({ active: true });
    expect(users.get("2")).toMatchObject({
      active: false,
      inactiveReasonCode: "prestart",
      inactiveReason: "Starts on 2026-12-04.",
      startDate: "2026-12-04",
    });
    expect(users.get("2")!.managerId).toBe(users.get("1")!.id);
    expect(users.get("3")).toMatchObject({ active: false, inactiveReason: "Starts on 2026-12-06." });
    expect(users.has("4")).toBe(false);
    expect((await s.run(first.runId!)).counts).toMatchObject({ created: 3, notStarted: 1, skipped: 0, errors: 0 });

    // The day before: nothing changes. On the start date (still Inactive in BambooHR until HR flips it): access follows BambooHR.
    await s.sync("2026-12-03");
    expect((await s.byBamboo()).get("2")!.active).toBe(false);
    s.emu.updateEmployee(s.domain, "2", { status: "Active" });
    const startDay = await s.sync("2026-12-04");
    users = await s.byBamboo();
    expect(users.get("2")).toMatchObject({ active: true, inactiveReasonCode: null, inactiveReason: null });
    expect(users.get("3")!.active).toBe(false);
    expect((await s.run(startDay.runId!)).counts).toMatchObject({ reactivated: 1 });

    // 24 days later, employee 4 enters the window.
    await s.sync("2026-12-24");
    expect((await s.byBamboo()).get("4")).toMatchObject({ active: false, inactiveReason: "Starts on 2026-12-31." });
    await s.sync("2026-12-31");
    expect((await s.byBamboo()).get("4")!.active).toBe(true);
  });

  it("off (0, the default): future hires are provisioned at once, as before", async () => {
    const s = await setup(0);
    await s.sync(TODAY);
    const users = await s.byBamboo();
    expect(users.get("3")!.active).toBe(true);
    expect(users.get("4")!.active).toBe(true);
    expect(users.get("2")).toMatchObject({ active: false, inactiveReasonCode: "inactive_in_bamboohr" });
  });
});
