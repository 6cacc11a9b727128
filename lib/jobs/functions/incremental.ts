import { cron } from "inngest";
import { getDb } from "@/lib/db";
import { runSyncSteps } from "@/lib/sync/pipeline";
import { startRun } from "@/lib/sync/run/store";
import { dueForIncremental } from "@/lib/sync/run/targeted";
import { inngest } from "../client";
import { incrementalRequested, incrementalRequestedSchema } from "../events";
import { syncFunction } from "./sync-function";

export const HOURLY_CRON = "TZ=UTC 5 * * * *";

/** One id per integration and hour: a fan-out run again (or delivered twice) requests each sync once. */
const incrementalEventId = (integrationId: string, at: Date) => `incremental-${integrationId}-${at.toISOString().slice(0, 13)}`;

export const incrementalFanout = inngest.createFunction(
  { id: "bamboohr-incremental-fanout", triggers: [cron(HOURLY_CRON)], retries: 4 },
  async ({ step, event }) => {
    const at = new Date(event?.ts ?? Date.now());
    const targets = await step.run("list-due-integrations", () => getDb().then((db) => dueForIncremental(db, at)));
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
