import type { BambooEmployee } from "@/lib/bamboohr/normalize";
import { USER_FIELD_MAX } from "@/lib/db/schema/users";
import { activationFields, deactivationDateOf, type Activation } from "./activation";

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
  startDate: string | null;
  active: boolean;
  deactivationDate: string | null;
  inactiveReasonCode: string | null;
  inactiveReason: string | null;
};

type MappedField = Exclude<keyof DesiredUser, "bamboohrId" | "active" | "deactivationDate" | "inactiveReasonCode" | "inactiveReason">;

/** Each plain field of a user and the BambooHR field it comes from (the spec's table). */
export const FIELD_SOURCE: Record<MappedField, keyof BambooEmployee> = {
  employeeId: "employeeNumber",
  email: "workEmail",
  firstName: "firstName",
  lastName: "lastName",
  preferredName: "preferredName",
  title: "jobTitle",
  department: "department",
  phone: "workPhone",
  location: "city",
  startDate: "hireDate",
};

/** BambooHR's names of its fields, for messages to admins. */
export const BAMBOO_FIELD_LABEL: Record<string, string> = {
  employeeNumber: "Employee #",
  workEmail: "Work Email",
  firstName: "First Name",
  lastName: "Last Name",
  preferredName: "Preferred Name",
  jobTitle: "Job Title",
  department: "Department",
  supervisorEId: "Reports To",
  supervisorId: "Reports To (employee #)",
  workPhone: "Work Phone",
  city: "City",
  location: "Location",
  status: "Status",
  employmentHistoryStatus: "Employment Status",
  terminationDate: "Termination Date",
  hireDate: "Hire Date",
};

const KNOWN_STATUSES = new Set(["Active", "Inactive"]);
const FIELD_LIMITS = Object.entries(USER_FIELD_MAX);
const DEPARTMENT_MAX = 200;
const LABELS: Record<string, string> = Object.fromEntries(
  Object.entries(FIELD_SOURCE).map(([field, source]) => [field, BAMBOO_FIELD_LABEL[source]]),
);

/** What the API key cannot see, in Roster's terms: fields never written, and whether activation and managers are known. */
export type Visibility = { hiddenFields: Set<MappedField>; activationVisible: boolean; managerVisible: boolean };

export function visibilityOf(missingBambooFields: readonly string[], blocklist: readonly string[]): Visibility {
  const missing = new Set(missingBambooFields);
  const hiddenFields = new Set((Object.keys(FIELD_SOURCE) as MappedField[]).filter((f) => missing.has(FIELD_SOURCE[f])));
  return {
    hiddenFields,
    activationVisible: activationFields(blocklist).every((f) => !missing.has(f)),
    managerVisible: !(missing.has("supervisorEId") && missing.has("supervisorId")),
  };
}

/** The user's present state, for what BambooHR does not show us. */
type Current = Omit<DesiredUser, "bamboohrId"> | null;

/**
 * Maps a record, or says in one sentence why its fields cannot be synced. Fields the key cannot see keep
 * the user's present value (never written as empty); `activation` is null when the rule's fields are hidden.
 */
export function mapEmployee(
  e: BambooEmployee,
  activation: Activation | null,
  visibility: Visibility,
  current: Current,
): { user: DesiredUser } | { error: string } {
  const hidden = visibility.hiddenFields;
  if (activation) {
    if (!e.status) return { error: "BambooHR reported no Status (Active/Inactive) for this employee." };
    if (!KNOWN_STATUSES.has(e.status)) return { error: `Unknown BambooHR status "${e.status}" (expected Active or Inactive).` };
  } else if (!current) {
    return { error: "Not created: the API key cannot see the fields the activation rule needs." };
  }
  if (hidden.has("email") && !current) return { error: "Not created: the API key cannot see Work Email." };
  if (!hidden.has("email") && !e.workEmail) {
    const flag = e.flags.find((f) => f.startsWith("workEmail"));
    return { error: flag ? `Invalid Work Email: ${flag.slice("workEmail: ".length)}.` : "No Work Email in BambooHR." };
  }
  const value = <F extends MappedField>(field: F): DesiredUser[F] =>
    (hidden.has(field) ? (current?.[field] ?? null) : e[FIELD_SOURCE[field]]) as DesiredUser[F];
  const user = {
    bamboohrId: e.id,
    employeeId: value("employeeId"),
    email: value("email"),
    firstName: value("firstName") ?? "",
    lastName: value("lastName") ?? "",
    preferredName: value("preferredName"),
    title: value("title"),
    department: value("department"),
    phone: value("phone"),
    location: value("location"),
    startDate: value("startDate"),
    ...activationFieldsOf(e, activation, current!),
    // Set by the planner; here so that every planned user has one shape from the start (100,000 at scale).
    managerBambooId: null,
  } as DesiredUser;
  for (const [field, max] of FIELD_LIMITS) {
    const text = user[field as keyof typeof USER_FIELD_MAX];
    if (text && text.length > max) return { error: `${LABELS[field]} is longer than ${max} characters.` };
  }
  if (user.department && user.department.length > DEPARTMENT_MAX) {
    return { error: `Department is longer than ${DEPARTMENT_MAX} characters.` };
  }
  return { user };
}

export type ActivationState = Pick<DesiredUser, "active" | "deactivationDate" | "inactiveReasonCode" | "inactiveReason">;

/** The activation columns of a user from the rule's decision (or, when it could not be made, as they are). */
export function activationFieldsOf(
  e: Pick<BambooEmployee, "terminationDate" | "hireDate">,
  activation: Activation | null,
  current: ActivationState,
): ActivationState {
  if (!activation) {
    const { active, deactivationDate, inactiveReasonCode, inactiveReason } = current;
    return { active, deactivationDate, inactiveReasonCode, inactiveReason };
  }
  return {
    active: activation.active,
    deactivationDate: deactivationDateOf(e),
    inactiveReasonCode: activation.active ? null : activation.code,
    inactiveReason: activation.active ? null : activation.reason,
  };
}

export function employeeName(e: Pick<BambooEmployee, "firstName" | "lastName" | "preferredName">): string {
  return `${e.preferredName || e.firstName || ""} ${e.lastName || ""}`.trim() || "(no name)";
}
