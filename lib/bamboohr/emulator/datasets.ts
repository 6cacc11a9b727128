import { visibleFields } from "./report";
import type { EmulatedCompany, EmulatedEmployee, EmulatedKey } from "./types";

/**
 * The employee dataset as the emulator serves it (`/v1_2/datasets/employee/fields`, `/v2/datasets/employee/data`).
 * Its names differ from the custom report's aliases, as BambooHR's do; some are only recognisable by label.
 */
const DATASET_FIELDS: Array<{ name: string; label: string; alias: string }> = [
  { name: "employeeId", label: "Employee ID", alias: "id" },
  { name: "employeeNumber", label: "Employee #", alias: "employeeNumber" },
  { name: "email", label: "Work Email", alias: "workEmail" },
  { name: "firstName", label: "First Name", alias: "firstName" },
  { name: "lastName", label: "Last Name", alias: "lastName" },
  { name: "preferredName", label: "Preferred Name", alias: "preferredName" },
  { name: "jobInformationJobTitle", label: "Job Title", alias: "jobTitle" },
  { name: "jobInformationDepartment", label: "Department", alias: "department" },
  { name: "jobInformationReportsToEid", label: "Supervisor EID", alias: "supervisorEId" },
  { name: "jobInformationReportsToNumber", label: "Supervisor ID", alias: "supervisorId" },
  { name: "workPhone", label: "Work Phone", alias: "workPhone" },
  { name: "addressCity", label: "City", alias: "city" },
  { name: "jobInformationLocation", label: "Location", alias: "location" },
  { name: "status", label: "Status", alias: "status" },
  { name: "employmentStatus", label: "Employment Status", alias: "employmentHistoryStatus" },
  { name: "terminationDate", label: "Termination Date", alias: "terminationDate" },
  { name: "hireDate", label: "Hire Date", alias: "hireDate" },
];
const BY_NAME = new Map(DATASET_FIELDS.map((f) => [f.name, f]));

const visible = (key: EmulatedKey) => DATASET_FIELDS.filter((f) => f.alias === "id" || visibleFields([f.alias], key).length > 0);

export function datasetFields(key: EmulatedKey, page: number, pageSize: number) {
  const fields = visible(key);
  const totalPages = Math.max(1, Math.ceil(fields.length / pageSize));
  const current = Math.min(Math.max(1, page), totalPages);
  return {
    name: "employee",
    label: "Employee",
    fields: fields
      .slice((current - 1) * pageSize, current * pageSize)
      .map(({ name, label }) => ({ name, label, parentType: "page", parentName: "Personal", entityName: "personal" })),
    pagination: { total_records: fields.length, current_page: current, total_pages: totalPages, next_page: null, prev_page: null },
  };
}

function value(e: EmulatedEmployee, alias: string, key: EmulatedKey, today: string): string | null {
  if (alias === "employmentHistoryStatus") {
    if (!e.employmentStatus || (key.hideOwnStatus && key.ownerId === e.id) || e.employmentStatus.effectiveDate > today) return null;
    return e.employmentStatus.name;
  }
  const v = (e as Record<string, unknown>)[alias];
  return v === null || v === undefined ? null : String(v);
}

/** One page of rows, or an error (status and detail, RFC 7807 style). */
export function datasetPage(
  company: EmulatedCompany,
  key: EmulatedKey,
  body: { fields?: unknown; page?: unknown; pageSize?: unknown },
  origin: string,
  today: string,
): { status: number; payload: unknown } {
  const requested = Array.isArray(body.fields) ? body.fields.map(String) : [];
  const unknown = requested.filter((n) => !BY_NAME.has(n));
  if (requested.length === 0 || unknown.length) {
    return {
      status: 422,
      payload: {
        type: "about:blank",
        title: "Invalid fields",
        status: 422,
        detail: `Unknown fields: ${unknown.join(", ") || "(none requested)"}`,
      },
    };
  }
  const page = Number(body.page ?? 1);
  const pageSize = Number(body.pageSize ?? 100);
  if (!Number.isInteger(page) || page < 1 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
    return {
      status: 422,
      payload: { type: "about:blank", title: "Invalid pagination", status: 422, detail: "page >= 1, 1 <= pageSize <= 1000" },
    };
  }
  const allowed = new Set(visible(key).map((f) => f.name));
  const fields = requested.filter((n) => allowed.has(n)).map((n) => BY_NAME.get(n)!);
  const totalItems = company.employees.length;
  const totalPages = Math.max(1, Math.ceil(totalItems / pageSize));
  const data = company.employees.slice((page - 1) * pageSize, page * pageSize).map((e) => ({
    fields: Object.fromEntries(fields.map((f) => [f.name, value(e, f.alias, key, today)])),
  }));
  const link = (p: number) => `${origin}/api/v2/datasets/employee/data?page=${p}`;
  return {
    status: 200,
    payload: {
      data,
      links: { next: page < totalPages ? link(page + 1) : null, prev: page > 1 ? link(page - 1) : null },
      meta: { page, pageSize, totalPages, totalItems },
    },
  };
}
