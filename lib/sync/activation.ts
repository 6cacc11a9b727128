import type { BambooEmployee } from "@/lib/bamboohr/normalize";

export type InactiveReasonCode = "terminated" | "inactive_in_bamboohr" | "blocklisted" | "no_employment_status" | "missing_from_bamboohr";

export type Activation = { active: true } | { active: false; code: InactiveReasonCode; reason: string };

export const NO_STATUS_REASON =
  "No employment status reported by BambooHR. BambooHR hides a status whose effective date is in the future, and the owner of the API key may not see their own status.";

/**
 * The spec's activation rule, with the reason an admin reads: active when BambooHR's status is Active,
 * the termination date is not in the past, and (when the blocklist is not empty) the employment status
 * is present and not blocklisted. `today` is YYYY-MM-DD; a termination dated today still counts as active.
 */
export function decideActivation(
  employee: Pick<BambooEmployee, "status" | "terminationDate" | "employmentHistoryStatus">,
  blocklist: readonly string[],
  today: string,
): Activation {
  if (employee.terminationDate && employee.terminationDate < today) {
    return { active: false, code: "terminated", reason: `Terminated on ${employee.terminationDate}.` };
  }
  if (employee.status !== "Active") {
    return { active: false, code: "inactive_in_bamboohr", reason: "Inactive in BambooHR." };
  }
  if (blocklist.length > 0) {
    const status = employee.employmentHistoryStatus;
    if (!status) return { active: false, code: "no_employment_status", reason: NO_STATUS_REASON };
    const blocked = new Set(blocklist.map((s) => s.trim().toLowerCase()));
    if (blocked.has(status.trim().toLowerCase())) {
      return { active: false, code: "blocklisted", reason: `Employment status "${status}" is on the activation blocklist.` };
    }
  }
  return { active: true };
}

export const MISSING_REASON = "No longer in BambooHR's employee report.";
