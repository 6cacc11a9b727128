import type { Db } from "@/lib/db";
import { BambooError } from "@/lib/bamboohr/errors";
import { loadDepartmentNames, loadExistingUsers } from "./load";
import { planSync } from "./plan";
import { applyBatch, applyManagers, failRun, fetchAndStage, finishRun, planRun, startRun, type Trigger } from "./run";
import { safeguardTripped } from "./safeguard";
import { clientFor, getIntegration, type ClientOverrides } from "./settings";

export type SyncOptions = { overrides?: ClientOverrides; batchSize?: number; today?: string };
export type SyncOutcome = { runId: string | null; status: string; error?: string; enteredErrorState?: boolean };

/**
 * The step sequence of a run, in one process: the CLI, tests, and Sync Now without an Inngest server
 * use it. Under Inngest each call here is its own step (lib/jobs), so the two paths cannot drift.
 */
export async function continueRun(db: Db, runId: string, options: SyncOptions = {}, fromApproval = false): Promise<SyncOutcome> {
  try {
    if (!fromApproval) {
      await fetchAndStage(db, runId, options.overrides);
      const { held } = await planRun(db, runId, options.today);
      if (held) return { runId, status: "needs_review" };
    }
    for (;;) {
      const { remaining } = await applyBatch(db, runId, options.batchSize);
      if (remaining === 0) break;
    }
    await applyManagers(db, runId);
    const { status } = await finishRun(db, runId);
    return { runId, status };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const { enteredErrorState } = await failRun(db, runId, message);
    return { runId, status: "failed", error: message, enteredErrorState };
  }
}

export async function syncOrganization(
  db: Db,
  input: { organizationId: string; trigger: Trigger; requestedBy?: string | null },
  options: SyncOptions = {},
): Promise<SyncOutcome> {
  const integration = await getIntegration(db, input.organizationId);
  if (!integration?.enabled) return { runId: null, status: "not_connected", error: "BambooHR is not connected." };
  const started = await startRun(db, { ...input, integrationId: integration.id });
  if (!started.started) return { runId: started.runId, status: "skipped", error: started.reason };
  return continueRun(db, started.runId, options);
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
