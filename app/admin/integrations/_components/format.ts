export { STATUS_LABEL, statusTone } from "@/lib/sync/lifecycle";
import type { SyncCounts } from "@/lib/db/schema/sync-runs";

export const TRIGGER_LABEL: Record<string, string> = {
  schedule: "Nightly",
  manual: "Sync now",
  cli: "Command line",
  approval: "Approval",
  webhook: "Webhook",
  incremental: "Incremental",
};

export function countsLine(c: SyncCounts | null): string {
  if (!c) return "";
  return `${c.created} created · ${c.updated} updated · ${c.deactivated} deactivated · ${c.reactivated} reactivated · ${c.unchanged} unchanged · ${c.skipped} skipped${c.notStarted ? ` · ${c.notStarted} start later` : ""}`;
}

export function duration(startedAt: string, finishedAt: string | null): string {
  if (!finishedAt) return "—";
  const s = (Date.parse(finishedAt) - Date.parse(startedAt)) / 1000;
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}
