import type { EmulatedCompany, EmulatedEmployee, EmulatedKey } from "./types";

// The custom report as BambooHR renders it: only fields the key may see, "0000-00-00" for empty dates.
const FIELD_META: Record<string, { type: string; name: string }> = {
  employeeNumber: { type: "employee_number", name: "Employee #" },
  workEmail: { type: "email", name: "Work Email" },
  firstName: { type: "text", name: "First Name" },
  lastName: { type: "text", name: "Last Name" },
  preferredName: { type: "text", name: "Preferred Name" },
  jobTitle: { type: "list", name: "Job Title" },
  department: { type: "list", name: "Department" },
  supervisorEId: { type: "employee", name: "Supervisor EID" },
  supervisorId: { type: "text", name: "Supervisor ID" },
  workPhone: { type: "phone", name: "Work Phone" },
  city: { type: "text", name: "City" },
  location: { type: "list", name: "Location" },
  status: { type: "status", name: "Status" },
  employmentHistoryStatus: { type: "list", name: "Employment Status" },
  terminationDate: { type: "date", name: "Termination Date" },
  hireDate: { type: "date", name: "Hire Date" },
};

export function visibleFields(requested: string[], key: EmulatedKey): string[] {
  return requested.filter((f) => f in FIELD_META && (!key.fields || key.fields.includes(f)));
}

function fieldValue(e: EmulatedEmployee, field: string, key: EmulatedKey, onlyCurrent: boolean, today: string): unknown {
  if (field === "employmentHistoryStatus") {
    if (!e.employmentStatus) return null;
    if (key.hideOwnStatus && key.ownerId === e.id) return null;
    if (onlyCurrent && e.employmentStatus.effectiveDate > today) return null;
    return e.employmentStatus.name;
  }
  if (field === "terminationDate" || field === "hireDate") return e[field] ?? "0000-00-00";
  return (e as Record<string, unknown>)[field] ?? null;
}

export function renderReport(company: EmulatedCompany, key: EmulatedKey, requested: string[], onlyCurrent: boolean, today: string) {
  const fields = visibleFields(requested, key);
  return {
    title: "Report",
    fields: fields.map((id) => ({ id, ...FIELD_META[id] })),
    employees: company.employees.map((e) => {
      const row: Record<string, unknown> = { id: e.id };
      for (const f of fields) row[f] = fieldValue(e, f, key, onlyCurrent, today);
      return row;
    }),
  };
}

export function renderEmployee(e: EmulatedEmployee, key: EmulatedKey, requested: string[], today: string) {
  const row: Record<string, unknown> = { id: e.id };
  for (const f of visibleFields(requested, key)) row[f] = fieldValue(e, f, key, true, today);
  return row;
}

export function fieldCatalogue() {
  return Object.entries(FIELD_META).map(([alias, m], i) => ({ id: i + 1, name: m.name, type: m.type, alias }));
}

/** Minimal XML, enough to be what BambooHR sends when a client forgets Accept: application/json. */
export function toXml(value: unknown, tag = "response"): string {
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const inner = (v: unknown, t: string): string => {
    if (Array.isArray(v)) return v.map((x) => inner(x, t.replace(/s$/, "") || "item")).join("");
    if (v && typeof v === "object")
      return `<${t}>${Object.entries(v)
        .map(([k, x]) => inner(x, k))
        .join("")}</${t}>`;
    return `<${t}>${esc(String(v ?? ""))}</${t}>`;
  };
  return `<?xml version="1.0"?>\n${inner(value, tag)}`;
}
