"use server";

import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { z } from "zod";
import { adminAction, adminFormAction, type ActionResult } from "@/lib/auth/admin-action";
import { requestApproval, requestSync } from "@/lib/jobs/requests";
import { log } from "@/lib/log/logger";
import { previewSync } from "@/lib/sync/pipeline";
import { discardRun } from "@/lib/sync/run/approval";
import {
  disableInstantUpdates,
  disconnectWithWebhook,
  enableInstantUpdates,
  saveManualWebhookKey,
} from "@/lib/integrations/instant-updates";
import { connectionInputSchema, saveConnection, saveSettings, settingsInputSchema } from "@/lib/integrations/connection";
import { getIntegration, instantUpdatesOf } from "@/lib/sync/source";

export type FormResult = ActionResult;

const PATH = "/admin/integrations";
const nothing = z.object({}).optional();
const runIdSchema = z.string().uuid("Unknown run.");

/** Set up: the subdomain and key are checked live; nothing is saved unless BambooHR accepts them. */
export const connectAction = adminFormAction(
  connectionInputSchema,
  (form) => ({ subdomain: String(form.get("subdomain") ?? ""), apiKey: String(form.get("apiKey") ?? "") }),
  async (input, { admin, db }) => {
    const saved = await saveConnection(db, admin.organizationId, input);
    if (!saved.ok) {
      log.info("BambooHR connection test failed", { organizationId: admin.organizationId, kind: saved.kind });
      return { ok: false, error: saved.message };
    }
    log.info("BambooHR connected", { organizationId: admin.organizationId, subdomain: input.subdomain });
    revalidatePath(PATH);
    return { ok: true, message: "Connected to BambooHR." };
  },
);

export const saveSettingsAction = adminFormAction(
  settingsInputSchema,
  (form) => ({
    apiKey: (form.get("apiKey") as string | null) ?? undefined,
    activationBlocklist: form.getAll("activationBlocklist").map(String),
    notificationEmails: String(form.get("notificationEmails") ?? "")
      .split(/[\s,;]+/)
      .filter(Boolean),
    safeguardPercent: form.get("safeguardPercent"),
    timeZone: (form.get("timeZone") as string | null) ?? undefined,
    incrementalHours: form.get("incrementalHours") ?? undefined,
    prestartDays: form.get("prestartDays") ?? undefined,
  }),
  async (input, { admin, db }) => {
    const saved = await saveSettings(db, admin.organizationId, input);
    if (!saved.ok) return saved.field ? { ok: false, fieldErrors: { [saved.field]: saved.error } } : { ok: false, error: saved.error };
    revalidatePath(PATH);
    return { ok: true, message: "Settings saved. They apply from the next sync." };
  },
);

export const disconnectAction = adminAction(nothing, async (_input, { admin, db }): Promise<FormResult> => {
  await disconnectWithWebhook(db, admin.organizationId);
  log.info("BambooHR disconnected", { organizationId: admin.organizationId });
  revalidatePath(PATH);
  return { ok: true, message: "Disconnected. Users stay as they are; nothing syncs until you set BambooHR up again." };
});

/** Instant updates on: Roster creates the BambooHR webhook (or, without the permission, shows how to make it by hand). */
export const enableInstantUpdatesAction = adminAction(nothing, async (_input, { admin, db }): Promise<FormResult> => {
  const result = await enableInstantUpdates(db, admin.organizationId);
  revalidatePath(PATH);
  if (!result.ok) return { ok: false, error: result.error };
  return {
    ok: true,
    message:
      result.mode === "api"
        ? "Instant updates are on: BambooHR now tells Roster about changes as they happen."
        : "The API key may not create webhooks. Create it in BambooHR with the values below, then paste its private key here.",
  };
});

export const disableInstantUpdatesAction = adminAction(nothing, async (_input, { admin, db }): Promise<FormResult> => {
  const integration = await getIntegration(db, admin.organizationId);
  if (!integration || !instantUpdatesOf(integration).on) return { ok: true, message: "Instant updates are off." };
  const problem = await disableInstantUpdates(db, integration);
  revalidatePath(PATH);
  return {
    ok: true,
    message: problem ? `Instant updates are off. ${problem}` : "Instant updates are off; the webhook was deleted in BambooHR.",
  };
});

/** The private key of a webhook the admin created by hand (the API key may not create webhooks). */
export const saveWebhookKeyAction = adminFormAction(
  z.object({
    privateKey: z.string().trim().min(16, "Paste the whole private key BambooHR showed when the webhook was created.").max(500),
  }),
  (form) => ({ privateKey: String(form.get("privateKey") ?? "") }),
  async ({ privateKey }, { admin, db }) => {
    if (!(await saveManualWebhookKey(db, admin.organizationId, privateKey))) return { ok: false, error: "Turn instant updates on first." };
    revalidatePath(PATH);
    return { ok: true, message: "Saved: deliveries signed with this key are accepted from now on." };
  },
);

export const syncNowAction = adminAction(nothing, async (_input, { admin, db }): Promise<FormResult> => {
  const result = await requestSync(db, admin.organizationId, admin.userId);
  if (!result.ok) return { ok: false, error: result.error };
  // Without an Inngest server the same steps run here, after the response has gone.
  if (result.background) after(result.background);
  revalidatePath(PATH);
  return { ok: true, message: "Sync started." };
});

export const approveRunAction = adminAction(runIdSchema, async (runId, { admin, db }): Promise<FormResult> => {
  const result = await requestApproval(db, admin.organizationId, runId, admin.userId);
  if (!result.ok) return { ok: false, error: result.error };
  if (result.background) after(result.background);
  revalidatePath(PATH);
  return { ok: true, message: "Approved: the held changes are being applied." };
});

export const discardRunAction = adminAction(runIdSchema, async (runId, { admin, db }): Promise<FormResult> => {
  if (!(await discardRun(db, admin.organizationId, runId))) return { ok: false, error: "This run is no longer waiting for review." };
  revalidatePath(PATH);
  return { ok: true, message: "Discarded: nothing was changed." };
});

/** How many users a blocklist would activate and deactivate, before it is saved (a dry run). */
export const blocklistImpactAction = adminAction(
  settingsInputSchema.shape.activationBlocklist,
  async (blocklist, { admin, db }): Promise<{ ok: true; activate: number; deactivate: number } | { ok: false; error: string }> => {
    const preview = await previewSync(db, admin.organizationId, { blocklist });
    if (!preview.ok) return { ok: false, error: preview.error };
    return { ok: true, activate: preview.plan.counts.reactivated, deactivate: preview.plan.counts.deactivated };
  },
);
