"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { Alert, Badge, buttonClass, secondaryButtonClass } from "@/app/_components/ui";
import type { RunSummary } from "@/lib/integrations/view";
import { syncNowAction } from "../actions";
import { countsLine, PHASE_LABEL, STATUS_LABEL, statusTone } from "./format";

/** Sync now, and the run's live progress, polled without reloading the page. */
export function SyncControls({ initial, hasRecipients }: { initial: RunSummary | null; hasRecipients: boolean }) {
  const router = useRouter();
  // What polling learnt since the server last rendered `initial`; a fresh render takes over again.
  const [polled, setPolled] = useState<{ base: RunSummary | null; run: RunSummary | null } | null>(null);
  const latest = polled && polled.base === initial ? polled.run : initial;
  const [message, setMessage] = useState<{ tone: "red" | "green" | "amber"; text: string } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [pending, start] = useTransition();
  const running = latest?.status === "running";

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(async () => {
      const res = await fetch("/admin/integrations/status", { cache: "no-store" });
      if (!res.ok) return;
      const body = (await res.json()) as { latest: RunSummary | null };
      setPolled({ base: initial, run: body.latest });
      if (body.latest?.status !== "running") router.refresh();
    }, 1000);
    return () => clearInterval(timer);
  }, [running, router, initial]);

  const syncNow = () =>
    start(async () => {
      setConfirming(false);
      const result = await syncNowAction();
      if (!result.ok) {
        setMessage({ tone: "amber", text: result.error ?? "The sync could not start." });
        // Another admin's (or another instance's) run may be in progress: show it, live.
        router.refresh();
      } else {
        setMessage(null);
        setPolled({
          base: initial,
          run: { ...(latest ?? ({} as RunSummary)), status: "running", phase: "starting", processed: 0, total: 0 },
        });
        router.refresh();
      }
    });

  const percent = latest && latest.total > 0 ? Math.round((latest.processed / latest.total) * 100) : 0;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className={buttonClass}
          disabled={pending}
          onClick={() => (hasRecipients || confirming ? syncNow() : setConfirming(true))}
        >
          {pending ? "Starting…" : "Sync now"}
        </button>
        {confirming ? (
          <button type="button" className={secondaryButtonClass} onClick={() => setConfirming(false)}>
            Cancel
          </button>
        ) : null}
      </div>
      {confirming ? (
        <Alert tone="amber">
          No error-notification address is set, so failures for individual records might be missed. Add one under Edit, or press Sync now
          again to sync anyway.
        </Alert>
      ) : null}
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <div className="min-h-16" aria-live="polite">
        {running && latest ? (
          <div className="space-y-1">
            <div className="flex justify-between text-sm">
              <span>{PHASE_LABEL[latest.phase]}…</span>
              <span>{latest.total > 0 ? `${latest.processed} / ${latest.total}` : ""}</span>
            </div>
            <div
              role="progressbar"
              aria-label="Sync progress"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent}
              className="h-2 w-full overflow-hidden rounded bg-slate-200"
            >
              <div className="h-full bg-indigo-600 transition-all" style={{ width: `${Math.max(percent, 3)}%` }} />
            </div>
          </div>
        ) : latest ? (
          <p className="text-sm text-slate-600">
            Last sync: <Badge tone={statusTone(latest.status)}>{STATUS_LABEL[latest.status]}</Badge>{" "}
            <span>{countsLine(latest.counts)}</span>
          </p>
        ) : (
          <p className="text-sm text-slate-600">No sync has run yet.</p>
        )}
      </div>
    </div>
  );
}
