import { cron } from "inngest";
import { and, eq, gt } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { integrations, syncRuns } from "@/lib/db/schema";
import { runSyncSteps } from "@/lib/sync/pipeline";
import { startRun } from "@/lib/sync/run/store";
import { incrementalSince } from "@/lib/sync/run/targeted";
import { inngest } from "../client";
import { incrementalRequested, incrementalRequestedSchema } from "../events";
import { syncFunction } from "./sync-function";

export const HOURLY_CRON = "TZ=UTC 5 * * * *";

/**
 * Integrations due for an incremental sync at `now`: enabled, on, with a full sync to start from, and none
 * started within their interval.
 */
export async function dueForIncremental(now: Date) {
  const db = await getDb();
  const candidates = await db
    .select({
      organizationId: integrations.organizationId,
      integrationId: integrations.id,
      hours: integrations.incrementalHours,
      incrementalWatermark: integrations.incrementalWatermark,
    })
    .from(integrations)
    .where(and(eq(integrations.enabled, true), gt(integrations.incrementalHours, 0)));
  const due: Array<{ organizationId: string; integrationId: string }> = [];
  for (const c of candidates) {
    if (!(await incrementalSince(db, { id: c.integrationId, incrementalWatermark: c.incrementalWatermark }))) continue;
    // A few minutes of slack, so that an hourly tick a little early still counts.
    const since = new Date(now.getTime() - c.hours * 3_600_000 + 10 * 60_000);
    const [recent] = await db
      .select({ id: syncRuns.id })
      .from(syncRuns)
      .where(and(eq(syncRuns.integrationId, c.integrationId), eq(syncRuns.trigger, "incremental"), gt(syncRuns.startedAt, since)))
      .limit(1);
    if (!recent) due.push({ organizationId: c.organizationId, integrationId: c.integrationId });
  }
  return due;
}

/** One id per integration and hour: a fan-out run again (or delivered twice) requests each sync once. */
export const incrementalEventId = (integrationId: string, at: Date) => `incremental-${integrationId}-${at.toISOString().slice(0, 13)}`;

export const incrementalFanout = inngest.createFunction(
  { id: "bamboohr-incremental-fanout", triggers: [cron(HOURLY_CRON)], retries: 4 },
  async ({ step, event }) => {
    const at = new Date(event?.ts ?? Date.now());
    const targets = await step.run("list-due-integrations", () => dueForIncremental(at));
    if (targets.length === 0) return { requested: 0 };
    await step.sendEvent(
      "request-incremental-syncs",
      targets.map((t) => incrementalRequested.create(t, { id: incrementalEventId(t.integrationId, at) })),
    );
    return { requested: targets.length };
  },
);

/**
 * An incremental sync: what BambooHR changed since the watermark, synced like a full sync but without absence
 * deactivations. An integration with a sync in progress is skipped (the next hour comes soon).
 */
export const incrementalSync = syncFunction({
  id: "bamboohr-incremental-sync",
  trigger: incrementalRequested,
  schema: incrementalRequestedSchema,
  flow: { singleton: { key: "event.data.integrationId", mode: "skip" } },
  open: (db, data, { step, runId, eventId }) =>
    step.run("start-run", () => startRun(db, { ...data, trigger: "incremental", inngestRunId: runId, requestKey: eventId })) as ReturnType<
      typeof startRun
    >,
  steps: runSyncSteps,
});
