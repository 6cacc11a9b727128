"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert, buttonClass, secondaryButtonClass } from "@/app/_components/ui";
import { approveRunAction, discardRunAction } from "../../actions";

export function ReviewButtons({ runId }: { runId: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const act = (fn: (id: string) => ReturnType<typeof approveRunAction>) =>
    start(async () => {
      const r = await fn(runId);
      setResult({ ok: r.ok, text: r.ok ? (r.message ?? "Done.") : (r.error ?? "Failed.") });
      router.refresh();
    });
  return (
    <div className="space-y-2">
      <div className="flex gap-2">
        <button type="button" className={buttonClass} disabled={pending} onClick={() => act(approveRunAction)}>Approve and apply</button>
        <button type="button" className={secondaryButtonClass} disabled={pending} onClick={() => act(discardRunAction)}>Discard</button>
      </div>
      {result ? <Alert tone={result.ok ? "green" : "red"}>{result.text}</Alert> : null}
    </div>
  );
}
