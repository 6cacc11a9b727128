import { randomUUID } from "node:crypto";
import { hostname } from "node:os";

/**
 * Who runs an in-process sync: this instance (host and port, or ROSTER_INSTANCE_ID) and this boot of it. After a
 * restart the same instance has a new boot, so the runs of its old boot are known dead at once, without waiting
 * for their heartbeat to go stale; other instances' runs are judged by their heartbeat alone.
 * The boot is kept on globalThis: Next.js bundles instrumentation and the app apart, each with its own copy of this
 * module, and both must name the same boot.
 */
const shared = globalThis as unknown as { __rosterBoot?: string };
const BOOT = (shared.__rosterBoot ??= randomUUID().slice(0, 8));

function instanceId(): string {
  if (process.env.ROSTER_INSTANCE_ID) return process.env.ROSTER_INSTANCE_ID;
  // `next start` sets PORT; a CLI run is its own instance, never mistaken for a web process.
  return process.env.PORT ? `${hostname()}:${process.env.PORT}` : `${hostname()}:cli-${process.pid}`;
}

export function workerId(): string {
  return `${instanceId()}#${BOOT}`;
}
