"use client";

import { useRef, useState, useTransition } from "react";
import { buttonClass, dangerButtonClass, secondaryButtonClass } from "@/app/_components/ui";
import { disconnectAction } from "../actions";

export function DisconnectButton() {
  const dialog = useRef<HTMLDialogElement>(null);
  const [pending, start] = useTransition();
  const [done, setDone] = useState<string | null>(null);
  return (
    <>
      <button type="button" className={dangerButtonClass} onClick={() => dialog.current?.showModal()}>
        Disconnect
      </button>
      <dialog ref={dialog} aria-labelledby="disconnect-title" className="m-auto max-w-md rounded-lg p-5 shadow-xl backdrop:bg-slate-900/40">
        <h2 id="disconnect-title" className="mb-2 text-lg font-semibold">
          Disconnect BambooHR?
        </h2>
        <p className="mb-4 text-sm text-slate-600">
          Syncing stops and the API key is forgotten. Users stay exactly as they are, and you can set BambooHR up again at any time.
        </p>
        {done ? <p role="status">{done}</p> : null}
        <div className="flex justify-end gap-2">
          <button type="button" className={secondaryButtonClass} onClick={() => dialog.current?.close()} autoFocus>
            Cancel
          </button>
          <button
            type="button"
            className={buttonClass + " bg-red-600 hover:bg-red-500"}
            disabled={pending}
            onClick={() =>
              start(async () => {
                const r = await disconnectAction();
                setDone(r.ok ? (r.message ?? null) : null);
                dialog.current?.close();
              })
            }
          >
            {pending ? "Disconnecting…" : "Disconnect"}
          </button>
        </div>
      </dialog>
    </>
  );
}
