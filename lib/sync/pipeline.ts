import type { Db } from "@/lib/db";
import { BambooError } from "@/lib/bamboohr/errors";
import { loadDepartmentNames, loadExistingUsers } from "./load";
import { planSync } from "./plan";
import { applyBatch, applyManagers, failRun, fetchAndStage, finishRun, planRun, startRun, type Trigger } from "./run";
import { safeguardTripped } from "./safeguard";
import { clientFor, getIntegration, type ClientOverrides } from "./settings";

export type SyncOptions = { overrides?: ClientOverrides; batchSize?: number; today?: string };
export type SyncOutcome = { runId: string | null; status: string; error?: string; enteredErrorState?: boolean };

/** Runs one named step. Under Inngest it is `step.run` (retried alone, output memoised); elsewhere a plain call. */
export type StepRunner = <T>(id: string, fn: () => Promise<T>) => Promise<T>;
export const runDirectly: StepRunner = (_id, fn) => fn();

export type SyncHooks = {
  /** After the run ends (or is held): the notification e-mail, as a step of its own. */
  notify?: (runId: string) => Promise<unknown>;
};

/**
 * The step sequence of a started run, written once: the Inngest function passes `step.run`, the CLI,
 * tests and Sync Now without an Inngest server pass `runDirectly`. Throws on failure; the caller decides
 * what failure means (Inngest retries, then its failure handler; locally `continueRun` below).
 */
export async function syncSteps(
  db: Db,
  runId: string,
  step: StepRunner,
  options: SyncOptions = {},
  hooks: SyncHooks = {},
  fromApproval = false,
) {
  if (!fromApproval) {
    await step("fetch-and-stage", () => fetchAndStage(db, runId, options.overrides));
    const planned = await step("plan", () => planRun(db, runId, options.today));
    if (planned.held) {
      if (hooks.notify) await step("notify", () => hooks.notify!(runId));
      return { status: "needs_review" as const };
    }
  }
  for (let batch = 0; ; batch++) {
    const { remaining } = await step(`apply-batch-${batch}`, () => applyBatch(db, runId, options.batchSize));
    if (remaining === 0) break;
  }
  await step("link-managers", () => applyManagers(db, runId));
  const { status } = await step("finish-run", () => finishRun(db, runId));
  if (hooks.notify) await step("notify", () => hooks.notify!(runId));
  return { status };
}

/** A started run, to its end, in this process; a failure marks the run failed and is notified. */
export async function continueRun(
  db: Db,
  runId: string,
  options: SyncOptions = {},
  fromApproval = false,
  hooks: SyncHooks = {},
): Promise<SyncOutcome> {
  try {
    const { status } = await syncSteps(db, runId, runDirectly, options, hooks, fromApproval);
    return { runId, status };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const { enteredErrorState } = await failRun(db, runId, message);
    await hooks.notify?.(runId).catch(() => {});
    return { runId, status: "failed", error: message, enteredErrorState };
  }
}

export async function syncOrganization(
  db: Db,
  input: { organizationId: string; trigger: Trigger; requestedBy?: string | null },
  options: SyncOptions = {},
  hooks: SyncHooks = {},
): Promise<SyncOutcome> {
  const integration = await getIntegration(db, input.organizationId);
  if (!integration?.enabled) return { runId: null, status: "not_connected", error: "BambooHR is not connected." };
  const started = await startRun(db, { ...input, integrationId: integration.id });
  if (!started.started) return { runId: started.runId, status: "skipped", error: started.reason };
  return continueRun(db, started.runId, options, false, hooks);
}

/** A dry run: the same planner on a fresh snapshot, with nothing written. */
export async function previewSync(db: Db, organizationId: string, options: SyncOptions & { blocklist?: string[] } = {}) {
  const integration = await getIntegration(db, organizationId);
  if (!integration?.enabled) throw new Error("BambooHR is not connected.");
  try {
    const snapshot = await clientFor(integration, options.overrides).fetchEmployees();
    const [users, departments] = await Promise.all([loadExistingUsers(db, organizationId), loadDepartmentNames(db, organizationId)]);
    const plan = planSync({
      employees: snapshot.employees,
      users,
      departments,
      blocklist: options.blocklist ?? integration.activationBlocklist,
      today: options.today ?? new Date().toISOString().slice(0, 10),
      snapshotProblems: snapshot.problems.map((p) => ({ bamboohrId: p.id, employeeId: null, name: null, reason: p.reason })),
    });
    return { ok: true as const, plan, missingFields: snapshot.missingFields, held: safeguardTripped(plan, integration.safeguardPercent) };
  } catch (error) {
    if (error instanceof BambooError) return { ok: false as const, error: error.message };
    throw error;
  }
}
