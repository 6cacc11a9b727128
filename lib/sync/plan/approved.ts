import type { Plan } from "./types";

/**
 * The fresh plan of an approved run, keeping only deactivations the admin approved: one that current data no
 * longer asks for is not in the fresh plan, and one that appeared since the review waits for the next sync.
 */
export function restrictToApproved(plan: Plan, approvedUserIds: Set<string>): Plan {
  const items = plan.items.filter((i) => i.action !== "deactivate" || approvedUserIds.has(i.userId!));
  const stillAsked = new Set(plan.items.filter((i) => i.action === "deactivate").map((i) => i.userId!));
  const notApproved = plan.items.length - items.length;
  const noLongerAsked = [...approvedUserIds].filter((id) => !stillAsked.has(id)).length;
  const warnings = [...plan.warnings];
  if (noLongerAsked > 0) {
    warnings.push(`${noLongerAsked} approved deactivation(s) were not applied: BambooHR no longer asks for them.`);
  }
  if (notApproved > 0) {
    warnings.push(`${notApproved} deactivation(s) that appeared after the review were not applied; the next sync weighs them again.`);
  }
  const deactivated = items.filter((i) => i.action === "deactivate").length;
  return { ...plan, items, warnings, counts: { ...plan.counts, deactivated }, managedDeactivations: deactivated };
}
