import type { FieldChanges } from "@/lib/db/schema/sync-runs";

const LABELS: Record<string, string> = {
  employeeId: "Employee ID",
  email: "E-mail",
  firstName: "First name",
  lastName: "Last name",
  preferredName: "Preferred name",
  title: "Title",
  department: "Department",
  manager: "Manager",
  phone: "Phone",
  location: "Location",
  active: "Active",
  deactivationDate: "Deactivation date",
  inactiveReason: "Inactive because",
  source: "Managed by",
  bamboohrId: "BambooHR id",
};

const show = (v: string | boolean | null) => (v === null || v === "" ? "(empty)" : String(v));

const ORDER = Object.keys(LABELS);
const rank = (field: string) => (ORDER.includes(field) ? ORDER.indexOf(field) : ORDER.length);

/** Field-level before → after, as text (values from BambooHR are never rendered as HTML), in one fixed field order. */
export function ChangeList({ changes, created = false }: { changes: FieldChanges; created?: boolean }) {
  const entries = Object.entries(changes).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  if (entries.length === 0) return null;
  return (
    <ul className="space-y-0.5 text-xs text-slate-700">
      {entries.map(([field, c]) => (
        <li key={field}>
          <span className="font-medium">{LABELS[field] ?? field}:</span>{" "}
          {created ? (
            show(c.to)
          ) : (
            <>
              {show(c.from)} → {show(c.to)}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
