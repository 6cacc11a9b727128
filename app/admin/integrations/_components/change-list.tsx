import type { FieldChanges } from "@/lib/db/schema/sync-runs";
import { FIELD_LABELS, orderedChanges, showValue } from "@/app/admin/integrations/_components/field-labels";

/** Field-level before → after, as text (values from BambooHR are never rendered as HTML), in one fixed field order. */
export function ChangeList({ changes, created = false }: { changes: FieldChanges; created?: boolean }) {
  const entries = orderedChanges(changes);
  if (entries.length === 0) return null;
  return (
    <ul className="space-y-0.5 text-xs text-slate-700">
      {entries.map(([field, c]) => (
        <li key={field}>
          <span className="font-medium">{FIELD_LABELS[field] ?? field}:</span>{" "}
          {created ? (
            showValue(c.to)
          ) : (
            <>
              {showValue(c.from)} → {showValue(c.to)}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
