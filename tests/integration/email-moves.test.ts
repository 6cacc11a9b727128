import { and, eq } from "drizzle-orm";
import { describe, expect } from "vitest";
import { userChanges, users } from "@/lib/db/schema";
import { employee } from "../helpers/emulator";
import { it } from "../helpers/connected-org";

describe("[SYNC] an address moves to the person BambooHR now gives it to", () => {
  it("a leaver's cleared address goes to the new hire in the same sync; the leaver keeps their history, without it", async ({
    connectedOrg,
  }) => {
    const s = await connectedOrg({
      mutate: (c) => {
        c.employees = [employee({ id: "1", firstName: "Lee", lastName: "Leaver", workEmail: "pat@example.com" }), employee({ id: "2" })];
      },
    });
    expect(await s.sync()).toMatchObject({ status: "succeeded" });

    // HR records the leaver, clears their work e-mail, and gives it to the new hire.
    s.emu.updateEmployee(s.domain, "1", { status: "Inactive", terminationDate: "2026-01-02", workEmail: null });
    s.emu.addEmployee(s.domain, employee({ id: "3", firstName: "Pat", lastName: "Newhire", workEmail: "pat@example.com" }));
    const outcome = await s.sync();
    expect(outcome.status).toBe("succeeded_with_errors");

    const byBamboo = await s.byBamboo();
    expect(byBamboo.get("3")).toMatchObject({ email: "pat@example.com", active: true, source: "bamboohr" });
    expect(byBamboo.get("1")).toMatchObject({ email: null, active: false, firstName: "Lee", bamboohrId: "1" });
    // The leaver's history: created, then this run's change, with the address that went.
    const history = await s.db
      .select()
      .from(userChanges)
      .where(and(eq(userChanges.userId, byBamboo.get("1")!.id), eq(userChanges.runId, outcome.runId!)));
    expect(history).toHaveLength(1);
    expect(history[0].changes).toMatchObject({ email: { from: "pat@example.com", to: null }, active: { from: true, to: false } });
    const reported = (await s.errorsOf(outcome.runId!)).map((e) => [e.bamboohrId, e.reason]);
    expect(reported).toContainEqual(["1", expect.stringMatching(/Work Email pat@example.com moved to Pat Newhire/)]);

    // Run again: nothing more moves or changes.
    const again = await s.sync();
    expect((await s.run(again.runId!)).counts).toMatchObject({ created: 0, updated: 0, deactivated: 0 });
    const all = await s.db.select().from(users).where(eq(users.organizationId, s.org.id));
    expect(all.filter((u) => u.email === "pat@example.com").map((u) => u.bamboohrId)).toEqual(["3"]);
  });
});
