import type { BambooEmployee } from "@/lib/bamboohr/normalize";
import { BAMBOO_FIELD_LABEL } from "@/lib/bamboohr/field-labels";
import { activationFields, deactivationDateOf, type Activation } from "./activation";
import { FIELDS, type DesiredUser, type Fields, type FieldValues } from "../fields";

export type { DesiredUser };

const KNOWN_STATUSES = new Set(["Active", "Inactive"]);

/** What the API key cannot see, in Roster's terms: fields never written, and whether activation and managers are known. */
export type Visibility = { hiddenFields: Set<string>; activationVisible: boolean; managerVisible: boolean };

export function visibilityOf(missingBambooFields: readonly string[], blocklist: readonly string[], fields: Fields = FIELDS): Visibility {
  const missing = new Set(missingBambooFields);
  return {
    hiddenFields: new Set(fields.mapped.filter((f) => missing.has(f.source)).map((f) => f.key)),
    activationVisible: activationFields(blocklist).every((f) => !missing.has(f)),
    managerVisible: !(missing.has("supervisorEId") && missing.has("supervisorId")),
  };
}

/** The user's present state, for what BambooHR does not show us. */
type Current = (FieldValues & ActivationState) | null;

/**
 * Maps a record, or says in one sentence why its fields cannot be synced. Fields the key cannot see keep
 * the user's present value (never written as empty); `activation` is null when the rule's fields are hidden.
 */
export function mapEmployee(
  e: BambooEmployee,
  activation: Activation | null,
  visibility: Visibility,
  current: Current,
  fields: Fields = FIELDS,
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
  const user: FieldValues = { ...fields.blank };
  user.bamboohrId = e.id;
  for (const { key, source, max, required } of fields.mapped) {
    let value = hidden.has(key) ? (current?.[key] ?? null) : (e[source] as string | null);
    if (value === null && required) value = "";
    if (typeof value === "string" && max !== null && value.length > max)
      return { error: `${BAMBOO_FIELD_LABEL[source] ?? source} is longer than ${max} characters.` };
    user[key] = value;
  }
  Object.assign(user, activationFieldsOf(e, activation, current!));
  return { user: user as DesiredUser };
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

/** A record's name for people; a record without one goes by its Work Email, else its BambooHR id. */
export function employeeName(e: Pick<BambooEmployee, "id" | "firstName" | "lastName" | "preferredName" | "workEmail">): string {
  return `${e.preferredName || e.firstName || ""} ${e.lastName || ""}`.trim() || e.workEmail || `BambooHR id ${e.id}`;
}
