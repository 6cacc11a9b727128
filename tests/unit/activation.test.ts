import { describe, expect, it } from "vitest";
import { decideActivation, NO_STATUS_REASON } from "@/lib/sync/activation";
import { safeguardTripped } from "@/lib/sync/safeguard";

const today = "2026-06-15";
type Row = [
  string,
  { status: string | null; terminationDate: string | null; employmentHistoryStatus: string | null },
  string[],
  ReturnType<typeof decideActivation>,
];

describe("[SYNC] activation rule", () => {
  it.each<Row>([
    ["active, no blocklist", { status: "Active", terminationDate: null, employmentHistoryStatus: "Full Time" }, [], { active: true }],
    [
      "active, blank status, no blocklist",
      { status: "Active", terminationDate: null, employmentHistoryStatus: null },
      [],
      { active: true },
    ],
    [
      "inactive in BambooHR",
      { status: "Inactive", terminationDate: null, employmentHistoryStatus: "Full Time" },
      [],
      { active: false, code: "inactive_in_bamboohr", reason: "Inactive in BambooHR." },
    ],
    [
      "terminated in the past",
      { status: "Inactive", terminationDate: "2026-06-14", employmentHistoryStatus: "Terminated" },
      [],
      { active: false, code: "terminated", reason: "Terminated on 2026-06-14." },
    ],
    [
      "active but termination date passed",
      { status: "Active", terminationDate: "2025-01-01", employmentHistoryStatus: "Full Time" },
      [],
      { active: false, code: "terminated", reason: "Terminated on 2025-01-01." },
    ],
    [
      "termination today is still active",
      { status: "Active", terminationDate: today, employmentHistoryStatus: "Full Time" },
      [],
      { active: true },
    ],
    [
      "termination in the future is still active",
      { status: "Active", terminationDate: "2026-07-01", employmentHistoryStatus: "Full Time" },
      ["Contractor"],
      { active: true },
    ],
    [
      "blocklisted status",
      { status: "Active", terminationDate: null, employmentHistoryStatus: "Contractor" },
      ["Contractor"],
      { active: false, code: "blocklisted", reason: 'Employment status "Contractor" is on the activation blocklist.' },
    ],
    [
      "blocklist matches regardless of case",
      { status: "Active", terminationDate: null, employmentHistoryStatus: "contractor" },
      ["Contractor"],
      { active: false, code: "blocklisted", reason: 'Employment status "contractor" is on the activation blocklist.' },
    ],
    [
      "status not on the blocklist",
      { status: "Active", terminationDate: null, employmentHistoryStatus: "Full Time" },
      ["Contractor", "Intern"],
      { active: true },
    ],
    [
      "no status while a blocklist is set",
      { status: "Active", terminationDate: null, employmentHistoryStatus: null },
      ["Intern"],
      { active: false, code: "no_employment_status", reason: NO_STATUS_REASON },
    ],
    [
      "inactive wins over blocklist",
      { status: "Inactive", terminationDate: null, employmentHistoryStatus: "Contractor" },
      ["Contractor"],
      { active: false, code: "inactive_in_bamboohr", reason: "Inactive in BambooHR." },
    ],
  ])("%s", (_name, employee, blocklist, expected) => {
    expect(decideActivation(employee, blocklist, today)).toEqual(expected);
  });

  it("explains why a missing status happens", () => {
    expect(NO_STATUS_REASON).toMatch(/effective date is in the future/);
    expect(NO_STATUS_REASON).toMatch(/may not see their own/);
  });
});

describe("[SYNC] safeguard", () => {
  it.each([
    [4, 10, 20, false], // fewer than 5 never trips
    [5, 10, 20, true],
    [5, 100, 20, false], // 5% is under 20%
    [21, 100, 20, true],
    [20, 100, 20, false], // exactly the threshold is allowed
    [10, 30, 50, false],
  ])("%i of %i at %i%% -> %s", (managedDeactivations, activeManagedUsers, percent, expected) => {
    expect(safeguardTripped({ managedDeactivations, activeManagedUsers }, percent)).toBe(expected);
  });
});
