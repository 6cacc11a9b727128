import { asc, eq } from "drizzle-orm";
import { env } from "@/lib/env";
import type { Db } from "@/lib/db";
import { integrations, syncRecordErrors, syncRuns } from "@/lib/db/schema";
import type { SyncCounts, SyncStatus } from "@/lib/db/schema/sync-runs";
import { log } from "@/lib/log/logger";
import { ERROR_STATE_AFTER } from "@/lib/sync/run/connection-state";
import { deliver } from "./outbox";

const MAX_LISTED_ERRORS = 50;
const NOTIFIED: readonly SyncStatus[] = ["failed", "succeeded_with_errors", "succeeded_with_warnings", "needs_review"];

/**
 * The spec's error notification: after a run that failed, ended with record errors or was held by the
 * safeguard (and when the integration enters the error state), one e-mail to the notification addresses.
 */
export async function notifyRunOutcome(db: Db, runId: string) {
  const [run] = await db.select().from(syncRuns).where(eq(syncRuns.id, runId));
  if (!run) return { sent: false, reason: "no such run" };
  if (!NOTIFIED.includes(run.status)) return { sent: false, reason: "nothing to report" };
  const [integration] = await db.select().from(integrations).where(eq(integrations.id, run.integrationId));
  if (!integration) return { sent: false, reason: "no integration" };
  const recipients = integration.notificationEmails;
  if (recipients.length === 0) {
    log.warn("sync needs attention but no notification address is set", { runId, status: run.status });
    return { sent: false, reason: "no recipients" };
  }
  const errors = await db
    .select()
    .from(syncRecordErrors)
    .where(eq(syncRecordErrors.runId, runId))
    .orderBy(asc(syncRecordErrors.name))
    .limit(MAX_LISTED_ERRORS + 1);
  const enteredErrorState =
    run.status === "failed" && integration.state === "error" && integration.consecutiveFailures === ERROR_STATE_AFTER;
  const link = `${env().APP_URL.replace(/\/$/, "")}/admin/integrations/runs/${run.id}`;
  const c = run.counts as SyncCounts | null;
  const subject = enteredErrorState
    ? `BambooHR integration is in an error state (${ERROR_STATE_AFTER} failed connections in a row)`
    : run.status === "failed"
      ? "BambooHR sync failed"
      : run.status === "needs_review"
        ? "BambooHR sync held for review: too many deactivations"
        : run.status === "succeeded_with_warnings"
          ? "BambooHR sync finished with warnings"
          : `BambooHR sync finished with ${c?.errors ?? errors.length} record error(s)`;
  // Paragraphs of the message; empty ones are left out.
  const paragraphs = [
    [subject + "."],
    [
      run.status === "failed" ? `What happened: ${run.error ?? "unknown error"}` : "",
      run.holdMessage && run.status === "needs_review" ? run.holdMessage : "",
      enteredErrorState
        ? `Roster could not connect to BambooHR ${ERROR_STATE_AFTER} times in a row; scheduled syncs keep trying, and the first successful sync clears the error state.`
        : "",
      ...run.warnings.map((w) => `Note: ${w}`),
      c
        ? `Counts: ${c.created} created, ${c.updated} updated, ${c.deactivated} deactivated, ${c.reactivated} reactivated, ${c.unchanged} unchanged, ${c.skipped} skipped, ${c.errors} errors.`
        : "",
    ],
    errors.length
      ? [
          `Records that need attention${errors.length > MAX_LISTED_ERRORS ? ` (first ${MAX_LISTED_ERRORS})` : ""}:`,
          ...errors
            .slice(0, MAX_LISTED_ERRORS)
            .map(
              (e) =>
                `- ${e.name ?? "(no name)"} (employee ID ${e.employeeId ?? "none"}, BambooHR id ${e.bamboohrId ?? "none"}): ${e.reason}`,
            ),
        ]
      : [],
    [`Details: ${link}`],
  ];
  const text = paragraphs
    .map((p) => p.filter(Boolean).join("\n"))
    .filter(Boolean)
    .join("\n\n");
  // One message per run and outcome: a held run that is approved later is reported again when it ends.
  const kind = enteredErrorState ? ("error_state" as const) : (`run_${run.status}` as const);
  const message = await deliver(db, { organizationId: run.organizationId, runId: run.id, kind, recipients, subject, text });
  return { sent: message.status === "sent", reason: message.status, outboxId: message.id };
}
