"use client";

import { useSyncExternalStore } from "react";

const noop = () => () => {};

/** A time in the admin's own time zone (rendered in the browser; the server shows UTC until then). */
export function LocalTime({ iso, withZone = false }: { iso: string; withZone?: boolean }) {
  const text = useSyncExternalStore(
    noop,
    () =>
      new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short", ...(withZone ? { timeZoneName: "short" } : {}) }),
    () => new Date(iso).toISOString().replace("T", " ").slice(0, 16) + " UTC",
  );
  return <time dateTime={iso}>{text}</time>;
}
