import type { Plan } from "./types";

const SAFEGUARD_MIN_DEACTIVATIONS = 5;

/**
 * A run that would deactivate more than `percent` of the organization's active BambooHR-managed users
 * (and at least 5 of them) is held for an admin's review instead of applied.
 */
export function safeguardTripped(plan: Pick<Plan, "managedDeactivations" | "activeManagedUsers">, percent: number): boolean {
  const n = plan.managedDeactivations;
  return n >= SAFEGUARD_MIN_DEACTIVATIONS && n > (plan.activeManagedUsers * percent) / 100;
}

export function safeguardMessage(plan: Pick<Plan, "managedDeactivations" | "activeManagedUsers">, percent: number): string {
  return `This sync would deactivate ${plan.managedDeactivations} of ${plan.activeManagedUsers} active BambooHR users, more than the ${percent}% safeguard. Nothing was changed: review the plan, then approve or discard it.`;
}
