import { Cron } from "croner";

/** The nightly sync: 3:00 am in Los Angeles, daylight saving included (the spec's "3am PST"). */
export const NIGHTLY = { timeZone: "America/Los_Angeles", cron: "0 3 * * *", label: "3:00 am Pacific" } as const;

/** The same as Inngest reads it. */
export const NIGHTLY_CRON = `TZ=${NIGHTLY.timeZone} ${NIGHTLY.cron}`;

/** The next nightly run after `now`. */
export function nextNightlyRun(now: Date = new Date()): Date {
  return new Cron(NIGHTLY.cron, { timezone: NIGHTLY.timeZone }).nextRun(now)!;
}
