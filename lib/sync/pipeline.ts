import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { organizations } from "@/lib/db/schema";
import type { SyncStatus } from "@/lib/db/schema/sync-runs";
import { BambooError } from "@/lib/bamboohr/errors";
import { clientFor, connectionOf, getIntegration, type ClientOverrides } from "@/lib/sync/source";
import { loadDepartmentNames, loadExistingUsers } from "./apply/staging";
import { planSync } from "./plan/planner";
import { failRun, finishRun, getRun, HEARTBEAT_MS, startRun, touchRun, type Trigger } from "./run/store";
import { safeguardTripped } from "./plan/safeguard";
import { applyBatch, applyManagers, fetchAndStage, planApprovedRun, planRun, type StepOptions } from "./steps";
import { isDatabaseUnavailable, outageCode, waitForDatabase } from "@/lib/db/outage";
import { renewConnections } from "@/lib/db/client";
import { log, withLogContext } from "@/lib/log/logger";
import { metrics, stepName } from "@/lib/metrics";
import { todayIn } from "./plan/today";
import { workerId } from "./run/worker";

export type SyncOptions = StepOptions & {
  overrides?: ClientOverrides;
  batchSize?: number;
  heartbeatMs?: number;
  /** In process: how long a step waits for the database to come back before the run fails. */
  databaseOutageWaitMs?: number;
};
export type SyncOutcome = {
  runId: string | null;
  /** How the run ended; or that none started (not connected, or another run in progress). */
  status: SyncStatus | "not_connected" | "skipped";
  error?: string;
  enteredErrorState?: boolean;
};

/** Runs one named step. Under Inngest it is `step.run` (retried alone, output memoised); elsewhere a plain call. */
export type StepRunner = <T>(id: string, fn: () => Promise<T>) => Promise<T>;
export const runDirectly: StepRunner = (_id, fn) => fn();

export type SyncHooks = {
  /** After the run ends (or is held): the notification e-mail, as a step of its own. */
  notify?: (runId: string) => Promise<unknown>;
};

/** The steps of a run, from its start to its end; Inngest passes `step.run`, everything else `runDirectly`. */
export type RunSteps = (
  db: Db,
  runId: string,
  step: StepRunner,
  options?: SyncOptions,
  hooks?: SyncHooks,
) => Promise<{ status: SyncStatus }>;

/** Each step's time, for the metrics (a step Inngest replays from its memo is not run, and not timed). */
const timed =
  (step: StepRunner): StepRunner =>
  (id, fn) =>
    step(id, async () => {
      const end = metrics().stepSeconds.startTimer({ step: stepName(id) });
      try {
        return await fn();
      } finally {
        end();
      }
    });

/** A new run: read BambooHR, plan, and apply unless the safeguard holds it. Throws on failure (the caller decides). */
export const runSyncSteps: RunSteps = async (db, runId, untimed, options = {}, hooks = {}) => {
  const step = timed(untimed);
  await step("fetch-and-stage", () => fetchAndStage(db, runId, options.overrides));
  const planned = await step("plan", () => planRun(db, runId, options));
  if (planned.held) {
    if (hooks.notify) await step("notify", () => hooks.notify!(runId));
    return { status: "needs_review" as const };
  }
  return applySteps(db, runId, step, options, hooks);
};

/** An approved run: read BambooHR again, plan again within what was approved, apply. */
export const runApprovedSteps: RunSteps = async (db, runId, untimed, options = {}, hooks = {}) => {
  const step = timed(untimed);
  await step("refetch", () => fetchAndStage(db, runId, options.overrides));
  await step("replan", () => planApprovedRun(db, runId, options));
  return applySteps(db, runId, step, options, hooks);
};

async function applySteps(
  db: Db,
  runId: string,
  step: StepRunner,
  options: SyncOptions,
  hooks: SyncHooks,
): Promise<{ status: SyncStatus }> {
  for (let batch = 0; ; batch++) {
    const { remaining } = await step(`apply-batch-${batch}`, () => applyBatch(db, runId, options.batchSize, options.fields));
    if (remaining === 0) break;
  }
  await step("link-managers", () => applyManagers(db, runId));
  const { status } = await step("finish-run", () => finishRun(db, runId));
  if (hooks.notify) await step("notify", () => hooks.notify!(runId));
  return { status };
}

/**
 * How long an in-process run waits for the database to come back (a restart, a failover) before it gives up:
 * under the heartbeat's staleness, so that no sweeper takes the run for dead while it waits.
 */
const DATABASE_OUTAGE_WAIT_MS = 45_000;
const DATABASE_OUTAGE_MESSAGE =
  "The database could not be reached for too long while this sync ran. Every batch it applied is complete, nothing else was changed; the next sync picks up the rest. This does not count as a BambooHR connection failure.";

/**
 * In process, a step that fails because the database went away waits for it to answer again and runs again
 * (every step is safe to repeat; a batch is one transaction), so a database restart pauses the sync, not ends it.
 */
function resumingAfterOutage(db: Db, runId: string, waitMs: number): StepRunner {
  return async (id, fn) => {
    const deadline = Date.now() + waitMs;
    for (;;) {
      try {
        return await fn();
      } catch (error) {
        if (!isDatabaseUnavailable(error)) throw error;
        log.warn("database unavailable during a sync step; waiting for it", { runId, step: id, code: outageCode(error) });
        if (!(await waitForDatabase(db, deadline))) throw error;
        await renewConnections(db);
        log.info("database back; running the step again on new connections", { runId, step: id });
      }
    }
  };
}

/** A started run, to its end, in this process; a failure marks the run failed and is notified. */
export function runInProcess(
  db: Db,
  runId: string,
  steps: RunSteps,
  options: SyncOptions = {},
  hooks: SyncHooks = {},
): Promise<SyncOutcome> {
  // Every line the run logs carries its id.
  return withLogContext({ runId }, () => runSteps(db, runId, steps, options, hooks));
}

async function runSteps(db: Db, runId: string, steps: RunSteps, options: SyncOptions, hooks: SyncHooks): Promise<SyncOutcome> {
  // Alive while it works, even in a long download: a run that stops beating died with its process.
  const beat = setInterval(() => void touchRun(db, runId).catch(() => {}), options.heartbeatMs ?? HEARTBEAT_MS);
  beat.unref();
  const waitMs = options.databaseOutageWaitMs ?? DATABASE_OUTAGE_WAIT_MS;
  const step = resumingAfterOutage(db, runId, waitMs);
  try {
    const { status } = await steps(db, runId, step, options, hooks);
    return { runId, status };
  } catch (error) {
    const message = isDatabaseUnavailable(error) ? DATABASE_OUTAGE_MESSAGE : error instanceof Error ? error.message : String(error);
    // Still unreachable: the interrupted-run sweep closes the run once its heartbeat is stale.
    const { enteredErrorState } = await step("fail-run", () => failRun(db, runId, message));
    await hooks.notify?.(runId).catch(() => {});
    return { runId, status: (await getRun(db, runId)).status, error: message, enteredErrorState };
  } finally {
    clearInterval(beat);
  }
}

export async function syncOrganization(
  db: Db,
  input: { organizationId: string; trigger: Trigger; requestedBy?: string | null },
  options: SyncOptions = {},
  hooks: SyncHooks = {},
): Promise<SyncOutcome> {
  const integration = await getIntegration(db, input.organizationId);
  if (!integration || connectionOf(integration) === "not_connected")
    return { runId: null, status: "not_connected", error: "BambooHR is not connected." };
  const started = await startRun(db, { ...input, integrationId: integration.id, worker: workerId() });
  if (!started.started) return { runId: started.runId, status: "skipped", error: started.reason };
  return runInProcess(db, started.runId, runSyncSteps, options, hooks);
}

/** A dry run: the same planner on a fresh snapshot, with nothing written. */
export async function previewSync(db: Db, organizationId: string, options: SyncOptions & { blocklist?: string[] } = {}) {
  const integration = await getIntegration(db, organizationId);
  if (!integration || connectionOf(integration) === "not_connected") throw new Error("BambooHR is not connected.");
  try {
    const snapshot = await clientFor(integration, options.overrides).fetchEmployees();
    const [users, departments, timeZone] = await Promise.all([
      loadExistingUsers(db, organizationId),
      loadDepartmentNames(db, organizationId),
      organizationTimeZone(db, organizationId),
    ]);
    const plan = planSync({
      employees: snapshot.employees,
      users,
      departments,
      blocklist: options.blocklist ?? integration.activationBlocklist,
      today: options.today ?? todayIn(timeZone),
      snapshotProblems: snapshot.problems.map((p) => ({ bamboohrId: p.id, employeeId: null, name: null, reason: p.reason, skipped: true })),
      missingFields: snapshot.missingFields,
      prestartDays: integration.prestartDays,
    });
    return { ok: true as const, plan, missingFields: snapshot.missingFields, held: safeguardTripped(plan, integration.safeguardPercent) };
  } catch (error) {
    if (error instanceof BambooError) return { ok: false as const, error: error.message };
    throw error;
  }
}

async function organizationTimeZone(db: Db, organizationId: string): Promise<string> {
  const [org] = await db.select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, organizationId));
  return org.timeZone;
}
