"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert, buttonClass, secondaryButtonClass } from "@/app/_components/ui";
import { approveRunAction, discardRunAction } from "../../actions";

export function ReviewButtons({ runId }: { runId: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const act = (fn: typeof approveRunAction, then: () => void) =>
    start(async () => {
      const r = await fn(runId);
      if (r.ok) then();
      else setError(r.error ?? "That did not work.");
    });
  return (
    <div className="space-y-2">
      <div className="flex gap-2">
        {/* Approved: the integrations page shows the changes being applied, live. */}
        <button
          type="button"
          className={buttonClass}
          disabled={pending}
          onClick={() => act(approveRunAction, () => router.push("/admin/integrations"))}
        >
          Approve and apply
        </button>
        <button
          type="button"
          className={secondaryButtonClass}
          disabled={pending}
          onClick={() => act(discardRunAction, () => router.refresh())}
        >
          Discard
        </button>
      </div>
      {error ? <Alert>{error}</Alert> : null}
    </div>
  );
}
