import { describe, expect, it } from "vitest";
import { decideActivation, NO_STATUS_REASON, type Activation, type InactiveReasonCode } from "@/lib/sync/plan/activation";
import { safeguardTripped } from "@/lib/sync/plan/safeguard";

// The README's activation table, row by row: Status, Employment Status, Hire Date, Termination Date, blocklist.
const today = "2026-06-15";
const past = "2025-03-31";
const earlier = "2019-01-07";
const later = "2026-07-01";
const blocked = ["Contractor"];
const active = { active: true } as const;
const off = (code: InactiveReasonCode, reason: string): Activation => ({ active: false, code, reason });
type Row = [string, string | null, string | null, string | null, string | null, string[], ReturnType<typeof decideActivation>];

describe("[SYNC] activation rule", () => {
  it.each<Row>([
    // name, Status, Employment Status, Hire Date, Termination Date, blocklist -> outcome
    ["active, nothing else", "Active", "Full Time", earlier, null, [], active],
    ["active, no employment status, empty blocklist", "Active", null, earlier, null, [], active],
    ["active, no hire date", "Active", "Full Time", null, null, [], active],
    ["future new hire is provisioned at once", "Active", "Full Time", later, null, [], active],
    ["inactive", "Inactive", "Full Time", earlier, null, [], off("inactive_in_bamboohr", "Inactive in BambooHR.")],
    ["no status", null, "Full Time", earlier, null, [], off("no_status", "BambooHR reported no Status (Active/Inactive).")],
    ["unknown status", "Suspended", "Full Time", earlier, null, [], off("unknown_status", 'BambooHR status "Suspended" is not Active.')],
    ["terminated: inactive with a past date", "Inactive", "Terminated", earlier, past, [], off("terminated", `Terminated on ${past}.`)],
    ["terminated: still Active but the date passed", "Active", "Full Time", earlier, past, [], off("terminated", `Terminated on ${past}.`)],
    ["terminated yesterday", "Active", "Full Time", earlier, "2026-06-14", [], off("terminated", "Terminated on 2026-06-14.")],
    ["terminated with no status", null, null, earlier, past, [], off("terminated", `Terminated on ${past}.`)],
    ["last day today keeps access", "Active", "Full Time", earlier, today, [], active],
    ["termination in the future keeps access", "Active", "Full Time", earlier, later, [], active],
    [
      "inactive with a future termination",
      "Inactive",
      "Full Time",
      earlier,
      later,
      [],
      off("inactive_in_bamboohr", "Inactive in BambooHR."),
    ],
    ["rehire: hired again after the termination", "Active", "Full Time", "2026-01-05", past, [], active],
    ["rehire starting today", "Active", "Full Time", today, past, [], active],
    ["rehire starting later waits", "Active", "Full Time", later, past, [], off("not_started", `Rehired: starts again on ${later}.`)],
    ["rehire but Inactive", "Inactive", "Full Time", "2026-01-05", past, [], off("inactive_in_bamboohr", "Inactive in BambooHR.")],
    ["hired before the termination is no rehire", "Active", "Full Time", earlier, past, [], off("terminated", `Terminated on ${past}.`)],
    ["hired on the termination date is no rehire", "Active", "Full Time", past, past, [], off("terminated", `Terminated on ${past}.`)],
    [
      "blocklisted",
      "Active",
      "Contractor",
      earlier,
      null,
      blocked,
      off("blocklisted", 'Employment status "Contractor" is on the activation blocklist.'),
    ],
    [
      "blocklist ignores case and spaces",
      "Active",
      "contractor",
      earlier,
      null,
      blocked,
      off("blocklisted", 'Employment status "contractor" is on the activation blocklist.'),
    ],
    ["not blocklisted", "Active", "Full Time", earlier, null, blocked, active],
    ["no employment status with a blocklist", "Active", null, earlier, null, blocked, off("no_employment_status", NO_STATUS_REASON)],
    [
      "blocklisted and terminated: the termination",
      "Active",
      "Contractor",
      earlier,
      past,
      blocked,
      off("terminated", `Terminated on ${past}.`),
    ],
    [
      "blocklisted, leaving later",
      "Active",
      "Contractor",
      earlier,
      later,
      blocked,
      off("blocklisted", 'Employment status "Contractor" is on the activation blocklist.'),
    ],
    [
      "blocklisted rehire",
      "Active",
      "Contractor",
      "2026-01-05",
      past,
      blocked,
      off("blocklisted", 'Employment status "Contractor" is on the activation blocklist.'),
    ],
  ])("%s", (_name, status, employmentHistoryStatus, hireDate, terminationDate, blocklist, expected) => {
    expect(decideActivation({ status, employmentHistoryStatus, hireDate, terminationDate }, blocklist, today)).toEqual(expected);
  });

  // Pre-start accounts on (N > 0): a hire date still to come waits for that day, whatever the Status says.
  it.each<[string, string | null, string | null, string | null, string[], Activation]>([
    ["future hire, Active", "Active", later, null, [], off("prestart", `Starts on ${later}.`)],
    ["future hire reported Inactive (as BambooHR does)", "Inactive", later, null, [], off("prestart", `Starts on ${later}.`)],
    [
      "future hire with a hidden (future-dated) employment status and a blocklist",
      "Active",
      later,
      null,
      blocked,
      off("prestart", `Starts on ${later}.`),
    ],
    ["start date today: active", "Active", today, null, [], active],
    ["started: the usual rule", "Inactive", earlier, null, [], off("inactive_in_bamboohr", "Inactive in BambooHR.")],
    ["terminated before starting", "Inactive", later, past, [], off("prestart", `Starts on ${later}.`)],
    ["a past termination still ends access", "Active", earlier, past, [], off("terminated", `Terminated on ${past}.`)],
  ])("pre-start on: %s", (_name, status, hireDate, terminationDate, blocklist, expected) => {
    expect(decideActivation({ status, employmentHistoryStatus: null, hireDate, terminationDate }, blocklist, today, 7)).toEqual(expected);
  });

  it("pre-start off (0, the default) keeps the rule above: a future hire is provisioned at once", () => {
    expect(
      decideActivation({ status: "Active", employmentHistoryStatus: "Full Time", hireDate: later, terminationDate: null }, [], today, 0),
    ).toEqual(active);
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
