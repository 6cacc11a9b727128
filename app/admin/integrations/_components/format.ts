import type { SyncCounts } from "@/lib/db/schema/sync-runs";

export const STATUS_LABEL: Record<string, string> = {
  running: "Running",
  succeeded: "Succeeded",
  succeeded_with_errors: "Succeeded with errors",
  needs_review: "Needs review",
  discarded: "Discarded",
  failed: "Failed",
};

export const TRIGGER_LABEL: Record<string, string> = { schedule: "Nightly", manual: "Sync now", cli: "Command line", approval: "Approval" };

export function statusTone(status: string): "green" | "amber" | "red" | "blue" | "gray" {
  if (status === "succeeded") return "green";
  if (status === "succeeded_with_errors" || status === "needs_review") return "amber";
  if (status === "failed") return "red";
  if (status === "running") return "blue";
  return "gray";
}

export function countsLine(c: SyncCounts | null): string {
  if (!c) return "";
  return `${c.created} created · ${c.updated} updated · ${c.deactivated} deactivated · ${c.reactivated} reactivated · ${c.unchanged} unchanged · ${c.skipped} skipped`;
}

export function duration(startedAt: string, finishedAt: string | null): string {
  if (!finishedAt) return "—";
  const s = (Date.parse(finishedAt) - Date.parse(startedAt)) / 1000;
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}
