import { eq } from "drizzle-orm";
import { parseArgs } from "node:util";
import type { Db } from "@/lib/db";
import { organizations, syncRecordErrors, syncRuns } from "@/lib/db/schema";
import { previewSync, syncOrganization, type SyncOptions } from "./pipeline";

const CLI_USAGE = "Usage: npm run sync -- --org <slug> [--dry-run | --incremental]";

/** `npm run sync`: the same engine as the jobs and the UI, for scripts and operators. Returns the exit code. */
export async function runSyncCli(db: Db, argv: string[], print: (line: string) => void, options: SyncOptions = {}): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      org: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      // What changed since the last successful sync (a cron job can run it where Inngest is not used).
      incremental: { type: "boolean", default: false },
    },
  });
  if (!values.org) {
    print(CLI_USAGE);
    return 2;
  }
  const [org] = await db.select().from(organizations).where(eq(organizations.slug, values.org));
  if (!org) {
    print(`No organization with slug "${values.org}".`);
    return 2;
  }
  if (values["dry-run"]) {
    const preview = await previewSync(db, org.id, options).catch((e: Error) => ({ ok: false as const, error: e.message }));
    if (!preview.ok) {
      print(`Dry run failed: ${preview.error}`);
      return 1;
    }
    const c = preview.plan.counts;
    print(`Dry run for ${org.name}: nothing was changed.`);
    print(
      `Would create ${c.created}, update ${c.updated}, deactivate ${c.deactivated}, reactivate ${c.reactivated}; ${c.unchanged} unchanged, ${c.skipped} skipped.`,
    );
    if (preview.held) print("The safeguard would hold this sync for review.");
    for (const e of preview.plan.errors.slice(0, 20))
      print(`  ! ${e.name ?? "(unknown)"} [${e.employeeId ?? e.bamboohrId ?? "?"}]: ${e.reason}`);
    return 0;
  }
  const trigger = values.incremental ? "incremental" : "cli";
  const outcome = await syncOrganization(db, { organizationId: org.id, trigger }, options);
  print(`Sync ${outcome.runId ?? ""} for ${org.name}: ${outcome.status}${outcome.error ? ` (${outcome.error})` : ""}`);
  if (outcome.runId && outcome.status !== "skipped") {
    const [run] = await db.select().from(syncRuns).where(eq(syncRuns.id, outcome.runId));
    const c = run?.counts;
    if (c)
      print(
        `Created ${c.created}, updated ${c.updated}, deactivated ${c.deactivated}, reactivated ${c.reactivated}; ${c.unchanged} unchanged, ${c.skipped} skipped, ${c.errors} errors.`,
      );
    for (const w of run?.warnings ?? []) print(`  warning: ${w}`);
    const errors = await db.select().from(syncRecordErrors).where(eq(syncRecordErrors.runId, outcome.runId)).limit(20);
    for (const e of errors) print(`  ! ${e.name ?? "(unknown)"} [${e.employeeId ?? e.bamboohrId ?? "?"}]: ${e.reason}`);
  }
  return outcome.status === "failed" || outcome.status === "not_connected" ? 1 : 0;
}
