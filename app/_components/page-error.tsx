"use client";

import { useEffect, useState } from "react";
import { Alert, buttonClass } from "./ui";

/**
 * What a page shows when it could not be rendered. The server's message is hidden in production, so the page asks
 * the readiness check whether the database is the cause and says so in words an admin can act on.
 */
export function PageError() {
  const [database, setDatabase] = useState<"unknown" | "down" | "up">("unknown");
  useEffect(() => {
    fetch("/api/ready", { cache: "no-store" })
      .then(async (res) =>
        setDatabase(res.status === 503 && /database/.test(((await res.json()) as { reason?: string }).reason ?? "") ? "down" : "up"),
      )
      .catch(() => setDatabase("down"));
  }, []);
  return (
    <main className="mx-auto max-w-xl space-y-4 p-6">
      <h1 className="text-xl font-semibold">This page could not be loaded</h1>
      {database === "down" ? (
        <Alert>
          Roster cannot reach its database right now (a restart or a network problem). Nothing was lost: Roster reconnects by itself, and
          this page works again as soon as the database answers. Syncs that were running pause and carry on, or end with a clear message.
        </Alert>
      ) : (
        <Alert>
          Something went wrong while loading this page. Try again; if it keeps happening, the server&apos;s log has the details.
        </Alert>
      )}
      <button type="button" className={buttonClass} onClick={() => window.location.reload()}>
        Try again
      </button>
    </main>
  );
}
