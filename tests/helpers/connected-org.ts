import { eq } from "drizzle-orm";
import { it as base } from "vitest";
import { syncRecordErrors, syncRuns } from "@/lib/db/schema";
import { syncOrganization, type SyncHooks } from "@/lib/sync/pipeline";
import type { Trigger } from "@/lib/sync/run/store";
import { getIntegration } from "@/lib/sync/source";
import { emulatedCompany, fastRetry } from "./emulator";
import { connect, createOrg, usersOf } from "./factories";

export type ConnectOptions = Parameters<typeof emulatedCompany>[0] & {
  blocklist?: string[];
  safeguardPercent?: number;
  notificationEmails?: string[];
};

/**
 * An organization of its own, connected to a company of its own in the emulator (real HTTP), with what most tests of a
 * sync then ask: run a sync, read the users by BambooHR id, a run and its record errors, the integration as stored.
 */
export async function connectedOrg(options: ConnectOptions = {}) {
  const ctx = await emulatedCompany(options);
  const { db, org, admin } = await createOrg();
  const integration = await connect(db, org.id, {
    subdomain: ctx.domain,
    apiKey: ctx.key,
    blocklist: options.blocklist,
    safeguardPercent: options.safeguardPercent,
    notificationEmails: options.notificationEmails,
  });
  const overrides = { baseUrl: ctx.emu.url, retry: fastRetry };
  const opts = { overrides };
  return {
    ...ctx,
    db,
    org,
    admin,
    integration,
    overrides,
    opts,
    sync: (trigger: Trigger = "manual", hooks: SyncHooks = {}) => syncOrganization(db, { organizationId: org.id, trigger }, opts, hooks),
    byBamboo: async () => new Map((await usersOf(db, org.id)).filter((u) => u.bamboohrId).map((u) => [u.bamboohrId!, u])),
    run: async (runId: string) => (await db.select().from(syncRuns).where(eq(syncRuns.id, runId)))[0],
    errorsOf: (runId: string) => db.select().from(syncRecordErrors).where(eq(syncRecordErrors.runId, runId)),
    reload: async () => (await getIntegration(db, org.id))!,
  };
}
export type ConnectedOrg = Awaited<ReturnType<typeof connectedOrg>>;

/** `it` with the fixture: `it("...", async ({ connectedOrg }) => { const s = await connectedOrg({ size: 10 }); })`. */
export const it = base.extend<{ connectedOrg: typeof connectedOrg }>({
  // The fixture's value is the factory: each test makes the organizations it needs, with the company it needs.
  connectedOrg: async ({}, provide) => provide(connectedOrg),
});
