import { eq } from "drizzle-orm";
import { describe, expect } from "vitest";
import { syncRuns } from "@/lib/db/schema";
import { failRun, startRun } from "@/lib/sync/run/store";
import { it } from "../helpers/connected-org";

// BambooHR text PostgreSQL cannot store (NUL), or nobody can read (control characters, lone surrogates), among
// thousands of good records: read, repaired or refused per record, reported by name, and the sync goes on.

const BAD: Record<number, { change: Record<string, string>; stored: Record<string, string> | null }> = {
  10: { change: { firstName: "Ann\u0000a" }, stored: { firstName: "Anna" } },
  20: { change: { jobTitle: "Lead\u0007 Engineer" }, stored: { title: "Lead Engineer" } },
  30: { change: { lastName: "Sm\ud800ith" }, stored: { lastName: "Sm\ufffdith" } },
  40: { change: { department: "Sales\u0000\u009b" }, stored: { department: "Sales" } },
  50: { change: { workEmail: "bad\u0000@example.com" }, stored: null },
  60: { change: { city: "Berlin\r\nMitte" }, stored: { location: "Berlin  Mitte" } },
};

describe("[SYNC] bad bytes in BambooHR's data", () => {
  it("never stop a sync: every good employee is synced, each bad record is reported by name", async ({ connectedOrg }) => {
    const s = await connectedOrg({
      size: 3_000,
      seed: 31,
      mutate: (c) => {
        for (const [at, { change }] of Object.entries(BAD)) Object.assign(c.employees[Number(at)], change);
      },
    });
    const outcome = await s.sync();
    expect(outcome.status).toBe("succeeded_with_errors");
    const users = await s.byBamboo();
    const badIds = new Set(Object.keys(BAD).map((at) => s.company.employees[Number(at)].id));
    // Every other employee is there.
    const missing = s.company.employees.filter((e) => !badIds.has(e.id) && !users.has(e.id));
    expect(missing).toEqual([]);
    // Each bad record: repaired and synced (its field cleaned), or refused (an address is never repaired).
    for (const [at, { stored }] of Object.entries(BAD)) {
      const user = users.get(s.company.employees[Number(at)].id);
      if (!stored) expect(user).toBeUndefined();
      else if ("department" in stored) expect(user?.departmentId).toBeTruthy();
      else expect(user).toMatchObject(stored);
    }
    const errors = await s.errorsOf(outcome.runId!);
    for (const at of Object.keys(BAD)) {
      const e = s.company.employees[Number(at)];
      const reported = errors.filter((r) => r.bamboohrId === e.id);
      expect(reported.length, `record ${at} reported`).toBeGreaterThan(0);
      expect(reported[0].name).toContain(e.lastName!.replace("\ud800", "\ufffd"));
    }
    expect(errors.map((r) => r.reason).join("\n")).toMatch(/Job Title: control characters or broken Unicode were removed/);
    expect(errors.map((r) => r.reason).join("\n")).toMatch(/Invalid Work Email/);
    // Nothing stored holds a byte it should not.
    for (const r of errors) expect(`${r.name}${r.reason}`).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff]/);
  });

  it("a run's failure is recorded at once, whatever its message quotes", async ({ connectedOrg }) => {
    const s = await connectedOrg({ size: 3 });
    const run = await startRun(s.db, { organizationId: s.org.id, integrationId: s.integration.id, trigger: "manual" });
    await failRun(s.db, run.runId!, 'invalid byte sequence for encoding "UTF8": 0x00 in "Ann\u0000a" \ud800');
    const [stored] = await s.db.select().from(syncRuns).where(eq(syncRuns.id, run.runId!));
    expect(stored).toMatchObject({ status: "failed", error: 'invalid byte sequence for encoding "UTF8": 0x00 in "Anna" \ufffd' });
  });
});
