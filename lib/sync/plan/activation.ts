import type { BambooEmployee } from "@/lib/bamboohr/normalize";

import type { InactiveReasonCode } from "@/lib/db/schema/users";

export type { InactiveReasonCode };

export type Activation = { active: true } | { active: false; code: InactiveReasonCode; reason: string };

export const NO_STATUS_REASON =
  "No employment status reported by BambooHR. BambooHR hides a status whose effective date is in the future, and the owner of the API key may not see their own status.";

export const MISSING_REASON = "No longer in BambooHR's employee report.";

/** The BambooHR fields the rule reads; when the API key cannot see one of them, no activation is changed. */
const ACTIVATION_FIELDS = ["status", "terminationDate", "hireDate"] as const;
/** Read only when the blocklist is not empty. */
const BLOCKLIST_FIELD = "employmentHistoryStatus";

type ActivationInput = Pick<BambooEmployee, "status" | "terminationDate" | "hireDate" | "employmentHistoryStatus">;

/**
 * The activation rule (the README's table, row by row in tests/unit/activation.test.ts). Dates are
 * YYYY-MM-DD and `today` is the date in the organization's time zone. Access needs, in order:
 * 1. No termination that has taken effect: a termination date before today ends access, whatever the Status;
 *    a termination date of today or later keeps access until that day ends. A hire date after the termination
 *    date is a rehire: the old termination no longer counts.
 * 2. Status "Active" (Inactive, empty or anything else is not active: access follows BambooHR, failing safe).
 * 3. A rehire whose new hire date is still to come waits for it.
 * 4. When the blocklist is not empty: an employment status, not on the blocklist.
 * With pre-start accounts on (`prestartDays` > 0), a hire date still to come (whatever the Status: BambooHR
 * reports future hires as Inactive) waits for that day: the account exists, inactive, "Starts on <date>".
 */
export function decideActivation(employee: ActivationInput, blocklist: readonly string[], today: string, prestartDays = 0): Activation {
  const { status, terminationDate, hireDate } = employee;
  const rehired = !!(terminationDate && hireDate && hireDate > terminationDate);
  if (terminationDate && terminationDate < today && !rehired) {
    return { active: false, code: "terminated", reason: `Terminated on ${terminationDate}.` };
  }
  if (prestartDays > 0 && hireDate && hireDate > today) {
    return { active: false, code: "prestart", reason: `Starts on ${hireDate}.` };
  }
  if (!status) return { active: false, code: "no_status", reason: "BambooHR reported no Status (Active/Inactive)." };
  if (status !== "Active") {
    if (status === "Inactive") return { active: false, code: "inactive_in_bamboohr", reason: "Inactive in BambooHR." };
    return { active: false, code: "unknown_status", reason: `BambooHR status "${status}" is not Active.` };
  }
  if (rehired && terminationDate! < today && hireDate! > today) {
    return { active: false, code: "not_started", reason: `Rehired: starts again on ${hireDate}.` };
  }
  if (blocklist.length > 0) {
    const employmentStatus = employee.employmentHistoryStatus;
    if (!employmentStatus) return { active: false, code: "no_employment_status", reason: NO_STATUS_REASON };
    const blocked = new Set(blocklist.map((s) => s.trim().toLowerCase()));
    if (blocked.has(employmentStatus.trim().toLowerCase())) {
      return { active: false, code: "blocklisted", reason: `Employment status "${employmentStatus}" is on the activation blocklist.` };
    }
  }
  return { active: true };
}

/** The deactivation date shown for a record: a termination undone by a rehire is not shown. */
export function deactivationDateOf(employee: Pick<BambooEmployee, "terminationDate" | "hireDate">): string | null {
  const { terminationDate, hireDate } = employee;
  return terminationDate && hireDate && hireDate > terminationDate ? null : terminationDate;
}

/** The BambooHR fields the rule needs with this blocklist. */
export function activationFields(blocklist: readonly string[]): string[] {
  return blocklist.length > 0 ? [...ACTIVATION_FIELDS, BLOCKLIST_FIELD] : [...ACTIVATION_FIELDS];
}

/** Whole days from `today` to `date` (both YYYY-MM-DD). */
export function daysUntil(date: string, today: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}
