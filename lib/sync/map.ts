import type { BambooEmployee } from "@/lib/bamboohr/normalize";
import { USER_FIELD_MAX } from "@/lib/db/schema/users";
import { decideActivation } from "./activation";

// The spec's mapping table, from one BambooHR record to the fields of a Roster user.
export type DesiredUser = {
  bamboohrId: string;
  employeeId: string | null;
  email: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  title: string | null;
  department: string | null;
  phone: string | null;
  location: string | null;
  active: boolean;
  deactivationDate: string | null;
  inactiveReasonCode: string | null;
  inactiveReason: string | null;
};

const KNOWN_STATUSES = new Set(["Active", "Inactive"]);
const DEPARTMENT_MAX = 200;

const LABELS: Record<string, string> = {
  employeeId: "Employee #",
  email: "Work Email",
  firstName: "First Name",
  lastName: "Last Name",
  preferredName: "Preferred Name",
  title: "Job Title",
  phone: "Work Phone",
  location: "City",
};

/** Maps a record, or says in one sentence why it cannot be synced. */
export function mapEmployee(e: BambooEmployee, blocklist: readonly string[], today: string): { user: DesiredUser } | { error: string } {
  if (!e.status) return { error: "BambooHR reported no Status (Active/Inactive) for this employee." };
  if (!KNOWN_STATUSES.has(e.status)) return { error: `Unknown BambooHR status "${e.status}" (expected Active or Inactive).` };
  if (!e.workEmail) {
    const flag = e.flags.find((f) => f.startsWith("workEmail"));
    return { error: flag ? `Invalid Work Email: ${flag.slice("workEmail: ".length)}.` : "No Work Email in BambooHR." };
  }
  const activation = decideActivation(e, blocklist, today);
  const user: DesiredUser = {
    bamboohrId: e.id,
    employeeId: e.employeeNumber,
    email: e.workEmail,
    firstName: e.firstName ?? "",
    lastName: e.lastName ?? "",
    preferredName: e.preferredName,
    title: e.jobTitle,
    department: e.department,
    phone: e.workPhone,
    location: e.city,
    active: activation.active,
    deactivationDate: e.terminationDate,
    inactiveReasonCode: activation.active ? null : activation.code,
    inactiveReason: activation.active ? null : activation.reason,
  };
  for (const [field, max] of Object.entries(USER_FIELD_MAX)) {
    const value = user[field as keyof typeof USER_FIELD_MAX];
    if (value && value.length > max) return { error: `${LABELS[field]} is longer than ${max} characters.` };
  }
  if (user.department && user.department.length > DEPARTMENT_MAX) {
    return { error: `Department is longer than ${DEPARTMENT_MAX} characters.` };
  }
  return { user };
}

export function employeeName(e: Pick<BambooEmployee, "firstName" | "lastName" | "preferredName">): string {
  return `${e.preferredName || e.firstName || ""} ${e.lastName || ""}`.trim() || "(no name)";
}
