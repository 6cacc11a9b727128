import { describe, expect, it } from "vitest";
import { runReview } from "@/lib/integrations/run-review";
import { syncOrganization } from "@/lib/sync/pipeline";
import { emulatedCompany, employee, fastRetry } from "../helpers/emulator";
import { connect, createOrg } from "../helpers/factories";
import { connectedOrg } from "../helpers/connected-org";

async function setup(safeguardPercent = 100) {
  const people = Array.from({ length: 12 }, (_, i) => employee({ id: String(i + 1), lastName: `Person${String(i + 1).padStart(2, "0")}` }));
  const s = await connectedOrg({ mutate: (c) => (c.employees = people), safeguardPercent });
  const review = (runId: string, query: Parameters<typeof runReview>[3], pageSize?: number) =>
    runReview(s.db, s.org.id, runId, query, pageSize);
  return { ...s, sync: () => s.sync(), review };
}

describe("[INTEGRATIONS] a run's review", () => {
  it("counts each kind, filters by kind and by name or e-mail, pages on the server", async () => {
    const s = await setup();
    await s.sync();
    s.emu.updateEmployee(s.domain, "1", { jobTitle: "Lead" });
    s.emu.updateEmployee(s.domain, "2", { status: "Inactive" });
    s.emu.updateEmployee(s.domain, "3", { workEmail: "broken" });
    s.emu.addEmployee(s.domain, employee({ id: "13", lastName: "Newcomer" }));
    s.emu.updateEmployee(s.domain, "6", { supervisorEId: "999" }); // synced, with a lesser problem

    const { runId } = await s.sync();
    const all = await s.review(runId!, { page: 1 });
    expect(all!.counts).toEqual({ created: 1, updated: 1, deactivated: 1, reactivated: 0, skipped: 1, error: 1 });
    expect(all!.rows.map((r) => [r.name, r.kind])).toEqual([
      ["First Newcomer", "created"],
      ["First Person01", "updated"],
      ["First Person02", "deactivated"],
    ]);
    expect(all!.rows[1].changes).toEqual({ title: { from: "Engineer", to: "Lead" } });
    const skipped = await s.review(runId!, { kind: "skipped", page: 1 });
    expect(skipped!.rows).toMatchObject([{ kind: "skipped", name: "First Person03", reason: expect.stringMatching(/Invalid Work Email/) }]);
    const problems = await s.review(runId!, { kind: "error", page: 1 });
    expect(problems!.rows).toMatchObject([
      { kind: "error", name: "First Person06", reason: expect.stringMatching(/Reports To points at a supervisor/) },
    ]);
    expect((await s.review(runId!, { kind: "deactivated", page: 1 }))!.rows.map((r) => r.name)).toEqual(["First Person02"]);
    const byEmail = await s.review(runId!, { q: "e1@example", page: 1 });
    expect(byEmail!.rows.map((r) => r.name)).toEqual(["First Person01"]);
    expect(byEmail!.counts).toMatchObject({ updated: 1, created: 0, deactivated: 0 });
    const first = await s.review(runId!, { page: 1 }, 2);
    const second = await s.review(runId!, { page: 2 }, 2);
    expect([first!.pages, first!.rows.length, second!.rows.length]).toEqual([2, 2, 1]);
    // Another organization gets nothing.
    const other = await createOrg();
    expect(await runReview(s.db, other.org.id, runId!, { page: 1 })).toBeNull();
  });

  it("a run of 10,000 changes is read a page at a time", async () => {
    const ctx = await emulatedCompany({ size: 10_000, seed: 3 });
    const { db, org } = await createOrg();
    await connect(db, org.id, { subdomain: ctx.domain, apiKey: ctx.key });
    const { runId } = await syncOrganization(
      db,
      { organizationId: org.id, trigger: "manual" },
      { overrides: { baseUrl: ctx.emu.url, retry: fastRetry } },
    );
    const page = await runReview(db, org.id, runId!, { page: 37 });
    expect(page!.counts.created).toBe(10_000 - page!.counts.skipped);
    expect(page!.rows).toHaveLength(50);
    expect(page!.pages).toBe(Math.ceil((10_000 - page!.counts.skipped) / 50));
  }, 60_000);

  it("a held run shows what it would do, deactivations first, each with its reason", async () => {
    const s = await setup(20);
    await s.sync();
    s.emu.updateEmployee(s.domain, "4", { jobTitle: "Lead" });
    for (const id of ["9", "10", "11", "12", "8"]) s.emu.updateEmployee(s.domain, id, { status: "Inactive" });
    const held = await s.sync();
    expect(held.status).toBe("needs_review");
    const review = await s.review(held.runId!, { page: 1 });
    expect(review!.rows.map((r) => r.kind)).toEqual(["deactivated", "deactivated", "deactivated", "deactivated", "deactivated", "updated"]);
    expect(review!.rows[0].changes.inactiveReason).toEqual({ from: null, to: "Inactive in BambooHR." });
  });
});
