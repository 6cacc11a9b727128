import type { ExistingUser, PlanItem, RecordError } from "./types";

const LAST_ADMIN_REASON =
  "is the organization's last active admin, so the sync did not deactivate them (everyone would be locked out). Make another person an admin; the next sync then deactivates them.";

/**
 * A sync never deactivates the last active admin: when a plan would deactivate every active admin, one of
 * them (the first by e-mail) stays active and is reported instead. Returns the deactivations it takes back.
 */
export function protectLastAdmin(users: ExistingUser[], items: PlanItem[]): Array<RecordError & { userId: string }> {
  const admins = users.filter((u) => u.role === "admin" && u.active);
  if (admins.length === 0) return [];
  const leaving = new Set(items.filter((i) => i.action === "deactivate" && i.userId).map((i) => i.userId!));
  if (admins.some((a) => !leaving.has(a.id))) return [];
  const keep = [...admins].sort((a, b) => (a.email ?? "").localeCompare(b.email ?? ""))[0];
  const item = items.find((i) => i.action === "deactivate" && i.userId === keep.id)!;
  const bamboo = "inactiveReason" in item.payload && item.payload.inactiveReason ? ` BambooHR: ${item.payload.inactiveReason}` : "";
  return [
    {
      userId: keep.id,
      bamboohrId: item.bamboohrId,
      employeeId: item.employeeId,
      name: item.name,
      reason: `${item.name} ${LAST_ADMIN_REASON}${bamboo}`,
    },
  ];
}
