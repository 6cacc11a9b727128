import type { SyncCounts, SyncPhase, SyncStatus, SyncTrigger } from "@/lib/db/schema/sync-runs";

// The run lifecycle as people read it: one place for the words of every page.
export const STATUS_LABEL: Record<SyncStatus, string> = {
  running: "Running",
  succeeded: "Succeeded",
  succeeded_with_warnings: "Succeeded with warnings",
  succeeded_with_errors: "Succeeded with errors",
  needs_review: "Needs review",
  discarded: "Discarded",
  superseded: "Superseded",
  failed: "Failed",
};

export const PHASE_LABEL: Record<SyncPhase, string> = {
  starting: "Starting",
  fetching: "Reading BambooHR",
  fetched: "Read BambooHR",
  planning: "Comparing",
  planned: "Compared",
  held: "Held for review",
  approved: "Approved, reading BambooHR again",
  applying: "Applying changes",
  linking_managers: "Linking managers",
  done: "Done",
  failed: "Failed",
  discarded: "Discarded",
  superseded: "Superseded by a newer sync",
};

export type Tone = "green" | "amber" | "red" | "blue" | "gray";
export function statusTone(status: SyncStatus): Tone {
  if (status === "succeeded") return "green";
  if (status === "succeeded_with_errors" || status === "succeeded_with_warnings" || status === "needs_review") return "amber";
  if (status === "failed") return "red";
  if (status === "running") return "blue";
  return "gray";
}

export const TRIGGER_LABEL: Record<SyncTrigger, string> = {
  schedule: "Nightly",
  manual: "Sync now",
  cli: "Command line",
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
