import type { z } from "zod";
import { getBackgroundDb, type Db } from "@/lib/db";
import { withLogContext } from "@/lib/log/logger";
import { notifyAfterRun } from "@/lib/notify/after-run";
import type { RunSteps } from "@/lib/sync/pipeline";
import type { StartResult } from "@/lib/sync/run/store";
import { inngest } from "../client";
import { handleSyncFailure, handleSyncFailureForRun } from "../failure";
import { INNGEST_SYNC_OPTIONS, inngestSteps } from "../inngest-steps";

type Step = Parameters<typeof inngestSteps>[0] & { sleep: (id: string, time: string) => Promise<unknown> };
type Opened = StartResult | { started: "again"; runId: string };

type Definition<S extends z.ZodType> = {
  id: string;
  /** The typed event that asks for the run (`eventType(...)`), and its data's schema. */
  trigger: Parameters<typeof inngest.createFunction>[0]["triggers"] extends infer T ? (T extends readonly (infer E)[] ? E : never) : never;
  schema: S;
  /** How Inngest spaces the runs: one per integration (singleton), deliveries grouped (debounce), ... */
  flow: Record<string, unknown>;
  /**
   * The sync run this event asks for: opened by a step (run again, it finds the run it opened), or one that exists.
   * `runId` is Inngest's own run id, `eventId` the event's.
   */
  open: (db: Db, data: z.output<S>, ctx: { step: Step; runId: string; eventId?: string }) => Promise<Opened>;
  steps: RunSteps;
};

/**
 * An Inngest function that runs a sync's steps as durable `step.run`s, notifies at the end, and marks its run failed
 * when Inngest gives up on it. Every sync function is one of these.
 */
export function syncFunction<S extends z.ZodType>(def: Definition<S>) {
  return inngest.createFunction(
    {
      id: def.id,
      triggers: [def.trigger],
      retries: 4,
      ...def.flow,
      onFailure: async ({ event, error }: { event: { data: { run_id: string; event: { data: unknown } } }; error: Error }) => {
        const data = def.schema.parse(event.data.event.data) as { runId?: string };
        // A run known from the event (an approval) is failed by its id; others by the Inngest run that opened them.
        return data.runId
          ? handleSyncFailureForRun(data.runId, error.message)
          : handleSyncFailure({ inngestRunId: event.data.run_id, message: error.message });
      },
    } as Parameters<typeof inngest.createFunction>[0],
    async ({ event, step, runId }) => {
      const data = def.schema.parse(event.data);
      const db = await getBackgroundDb();
      const opened = await def.open(db, data, { step: step as unknown as Step, runId, eventId: event.id });
      if (!opened.started) return { skipped: true, reason: opened.reason, runId: opened.runId };
      const { status } = await withLogContext({ runId: opened.runId }, () =>
        def.steps(db, opened.runId, inngestSteps(step), INNGEST_SYNC_OPTIONS, { notify: (id) => notifyAfterRun(db, id) }),
      );
      return { runId: opened.runId, status };
    },
  );
}
