import type { FieldChanges } from "@/lib/db/schema/sync-runs";
import { FIELD_LABELS, orderedChanges, showValue } from "./field-labels";

/** Field changes named on a person's line; the rest are counted ("+2 more") and shown in full on demand. */
const SHOWN = 2;

type Kind = "created" | "updated" | "deactivated" | "reactivated";

const text = (v: string | boolean | null | undefined) => (typeof v === "string" && v !== "" ? v : null);

/**
 * What happened to one person, in a few words for their line of a run's review: "created in Sales as Engineer,
 * reports to Kim Lee", "Title: A → B; Phone: … → … +1 more", "deactivated: Terminated on 2026-11-30.".
 */
export function changeSummary(kind: Kind, changes: FieldChanges): string {
  if (kind === "created") {
    const title = text(changes.title?.to);
    const department = text(changes.department?.to);
    const manager = text(changes.manager?.to);
    return [
      "created",
      department ? ` in ${department}` : "",
      title ? ` as ${title}` : "",
      manager ? `, reports to ${manager}` : "",
      changes.active?.to === false ? " (inactive)" : "",
    ].join("");
  }
  const reason = text(changes.inactiveReason?.to);
  if (kind === "deactivated") return reason ? `deactivated: ${reason}` : "deactivated";
  const rest = orderedChanges(changes).filter(
    ([f]) => !(kind === "reactivated" && ["active", "inactiveReason", "deactivationDate"].includes(f)),
  );
  const named = rest.slice(0, SHOWN).map(([f, c]) => `${FIELD_LABELS[f] ?? f}: ${showValue(c.from)} → ${showValue(c.to)}`);
  const more = rest.length > SHOWN ? ` +${rest.length - SHOWN} more` : "";
  return `${kind === "reactivated" ? "reactivated" + (named.length ? "; " : "") : ""}${named.join("; ")}${more}`;
}
