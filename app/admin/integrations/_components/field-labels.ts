import type { FieldChanges } from "@/lib/db/schema/sync-runs";
import { SYNCED_FIELDS } from "@/lib/sync/fields";

/**
 * The words for each field of a change, in the one order every list and export uses: the synced fields' own (the
 * catalogue's), the manager after the department, then how the user is linked.
 */
export const FIELD_LABELS: Record<string, string> = Object.fromEntries(
  Object.entries(SYNCED_FIELDS)
    .filter(([, f]) => f.compared)
    .flatMap(([key, f]) =>
      key === "department"
        ? [
            [key, f.label],
            ["manager", "Manager"],
          ]
        : [[key, f.label]],
    ),
);
Object.assign(FIELD_LABELS, { source: "Managed by", bamboohrId: "BambooHR id" });

const ORDER = Object.keys(FIELD_LABELS);
const rank = (field: string) => (ORDER.includes(field) ? ORDER.indexOf(field) : ORDER.length);

export function orderedChanges(changes: FieldChanges): Array<[string, FieldChanges[string]]> {
  return Object.entries(changes).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

export const showValue = (v: string | boolean | null) => (v === null || v === "" ? "(empty)" : String(v));

/** "Title: Engineer → Lead; Department: …" (a created user: "Title: Lead; …"). */
export function changesText(changes: FieldChanges, created = false): string {
  return orderedChanges(changes)
    .map(([f, c]) => `${FIELD_LABELS[f] ?? f}: ${created ? showValue(c.to) : `${showValue(c.from)} → ${showValue(c.to)}`}`)
    .join("; ");
}
