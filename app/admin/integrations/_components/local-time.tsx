"use client";

import { useSyncExternalStore } from "react";

const noop = () => () => {};

/** A time in the admin's own time zone (rendered in the browser; the server shows UTC until then). */
export function LocalTime({ iso, withZone = false }: { iso: string; withZone?: boolean }) {
  const text = useSyncExternalStore(
    noop,
    () =>
      // dateStyle/timeStyle cannot be combined with timeZoneName: the zone needs the parts spelled out.
      new Date(iso).toLocaleString(
        undefined,
        withZone
          ? { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" }
          : { dateStyle: "medium", timeStyle: "short" },
      ),
    () => new Date(iso).toISOString().replace("T", " ").slice(0, 16) + " UTC",
  );
  return <time dateTime={iso}>{text}</time>;
}
