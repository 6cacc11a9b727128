import type { Column } from "drizzle-orm";
import type { BambooEmployee } from "@/lib/bamboohr/normalize";
import { users } from "@/lib/db/schema/users";

/**
 * One synced field of a user: where it is stored (its column says the type and the maximum length), where BambooHR
 * has it (none: the activation rule decides it), its name for people, and whether a difference makes an update.
 */
export type FieldSpec = {
  column: Column;
  source?: keyof BambooEmployee;
  label: string;
  compared: boolean;
  /** The longest value synced; a varchar column's length when not given. */
  max?: number;
  /** Stored as the id of the department of that name (created when missing). */
  department?: true;
};

/**
 * The catalogue of synced fields (the spec's mapping table, then the activation columns), in the order the plan stores
 * them and an audit row lists them. Everything else derives from it: a new field is one line here and its column.
 */
export const SYNCED_FIELDS = {
  employeeId: { column: users.employeeId, source: "employeeNumber", label: "Employee ID", compared: true },
  email: { column: users.email, source: "workEmail", label: "E-mail", compared: true },
  firstName: { column: users.firstName, source: "firstName", label: "First name", compared: true },
  lastName: { column: users.lastName, source: "lastName", label: "Last name", compared: true },
  preferredName: { column: users.preferredName, source: "preferredName", label: "Preferred name", compared: true },
  title: { column: users.title, source: "jobTitle", label: "Title", compared: true },
  department: { column: users.departmentId, source: "department", label: "Department", compared: true, max: 200, department: true },
  phone: { column: users.phone, source: "workPhone", label: "Phone", compared: true },
  location: { column: users.location, source: "city", label: "Location", compared: true },
  startDate: { column: users.startDate, source: "hireDate", label: "Start date", compared: true },
  active: { column: users.active, label: "Active", compared: true },
  deactivationDate: { column: users.deactivationDate, label: "Deactivation date", compared: true },
  // The code goes with the sentence: only the sentence is compared and shown.
  inactiveReasonCode: { column: users.inactiveReasonCode, label: "Inactive reason code", compared: false },
  inactiveReason: { column: users.inactiveReason, label: "Inactive because", compared: true },
} as const satisfies Record<string, FieldSpec>;

export type FieldCatalogue = Record<string, FieldSpec>;
type Synced = typeof SYNCED_FIELDS;
type ValueOf<F extends FieldSpec> = F extends { department: true }
  ? string | null
  : F["column"]["_"]["notNull"] extends true
    ? F["column"]["_"]["data"]
    : F["column"]["_"]["data"] | null;

type SyncedFieldKey = keyof Synced;

/** The spec's mapping table, from one BambooHR record to the fields of a Roster user. */
export type DesiredUser = { bamboohrId: string } & { -readonly [K in SyncedFieldKey]: ValueOf<Synced[K]> };
/** A user's synced fields by key, whatever the catalogue (a user of the default one is a DesiredUser). */
export type FieldValues = Record<string, string | boolean | null>;

/** A catalogue's shapes: the stored order, the compared fields, the users' columns and their SQL types. */
export type Fields = {
  compared: string[];
  /** The fields BambooHR supplies; a required one is empty text, never null, when BambooHR has nothing. */
  mapped: Array<{ key: string; source: keyof BambooEmployee; max: number | null; required: boolean }>;
  /**
   * A planned user with every field null, in the stored order, to copy: users made by filling a copy keep one shape
   * (an object given its fields one by one, by computed keys, becomes a slower, larger dictionary).
   */
  blank: Record<string, null>;
  /** Column name and SQL type of each field, as the bulk statements send them. */
  columns: Array<{ key: string; name: string; type: string; department: boolean }>;
};

const maxLength = (column: Column) => (column as Column & { length?: number }).length ?? null;
const sqlType = (column: Column) => (column.columnType === "PgVarchar" ? "varchar" : column.getSQLType());

export function fieldsOf(catalogue: FieldCatalogue): Fields {
  const entries = Object.entries(catalogue);
  return {
    compared: entries.filter(([, f]) => f.compared).map(([key]) => key),
    mapped: entries.flatMap(([key, f]) =>
      f.source ? [{ key, source: f.source, max: f.max ?? maxLength(f.column), required: f.column.notNull }] : [],
    ),
    blank: Object.fromEntries(["bamboohrId", ...entries.map(([key]) => key), "managerBambooId"].map((key) => [key, null])),
    columns: entries.map(([key, f]) => ({ key, name: f.column.name, type: sqlType(f.column), department: !!f.department })),
  };
}

export const FIELDS = fieldsOf(SYNCED_FIELDS);
