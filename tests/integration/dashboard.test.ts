import { describe, expect, it } from "vitest";
import { dashboard } from "@/lib/directory/dashboard";
import { syncOrganization } from "@/lib/sync/pipeline";
import { todayIn } from "@/lib/sync/plan/today";
import { emulatedCompany, employee, fastRetry } from "../helpers/emulator";
import { connect, createOrg, createUser } from "../helpers/factories";

const inDays = (n: number) =>
  new Date(Date.parse(`${todayIn("America/Los_Angeles")}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe("[DIRECTORY] the dashboard", () => {
  it("counts the directory, charts the runs, lists who leaves and starts in 14 days, and what needs the admin", async () => {
    const people = [
      employee({ id: "1", lastName: "Leaving", terminationDate: inDays(3) }),
      employee({ id: "2", lastName: "LeavingLater", terminationDate: inDays(30) }),
      employee({ id: "3", lastName: "Starting", hireDate: inDays(5) }),
      employee({ id: "4", lastName: "Gone", status: "Inactive", terminationDate: inDays(-10) }),
      employee({ id: "5", lastName: "Broken", workEmail: "nope" }),
      ...Array.from({ length: 10 }, (_, i) => employee({ id: String(10 + i) })),
    ];
    const ctx = await emulatedCompany({ mutate: (c) => (c.employees = people) });
    const { db, org } = await createOrg();
    await connect(db, org.id, { subdomain: ctx.domain, apiKey: ctx.key, safeguardPercent: 20 });
    await createUser(db, org.id, { lastName: "Manual" });
    const sync = () =>
      syncOrganization(db, { organizationId: org.id, trigger: "manual" }, { overrides: { baseUrl: ctx.emu.url, retry: fastRetry } });
    await sync();
    const d = await dashboard(db, org.id);
    // 14 synced (one broken record skipped) + the admin + one manual user.
    expect(d.counts).toEqual({ active: 15, inactive: 1, managed: 14, manual: 2 });
    expect(d.leaving.map((p) => [p.lastName, p.date])).toEqual([["Leaving", inDays(3)]]);
    expect(d.starting.map((p) => [p.lastName, p.date])).toEqual([["Starting", inDays(5)]]);
    expect(d.chart).toHaveLength(1);
    expect(d.chart[0].changes).toBe(14);
    expect(d.attention.map((a) => a.text)).toEqual(["The last sync could not sync 1 record(s)."]);
    for (const id of ["10", "11", "12", "13", "14", "15"]) ctx.emu.updateEmployee(ctx.domain, id, { status: "Inactive" });
    await sync();
    const held = await dashboard(db, org.id);
    expect(held.attention[0].text).toBe("A sync is held for review: too many deactivations.");
    expect(held.chart.map((b) => b.status)).toEqual(["succeeded_with_errors", "needs_review"]);
  });
});
