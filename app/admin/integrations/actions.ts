"use server";

import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { z } from "zod";
import { requireAdmin } from "@/lib/auth/session";
import { getBackgroundDb, getDb } from "@/lib/db";
import { requestApproval, requestSync } from "@/lib/jobs/dispatch";
import { log } from "@/lib/log/logger";
import { previewSync } from "@/lib/sync/pipeline";
import { discardRun } from "@/lib/sync/run/approval";
import {
  disableInstantUpdates,
  disconnectWithWebhook,
  enableInstantUpdates,
  saveManualWebhookKey,
} from "@/lib/integrations/instant-updates";
import { connectionInputSchema, saveConnection, settingsInputSchema, testCredentials, updateSettings } from "@/lib/integrations/connection";
import { getIntegration } from "@/lib/sync/source";

export type FormResult =
  | { ok: true; message?: string }
  // `values` refills the form after an error (never with a key: that is typed again).
  | { ok: false; error?: string; fieldErrors?: Record<string, string>; values?: Record<string, string> };

function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) out[String(issue.path[0])] ??= issue.message;
  return out;
}

const PATH = "/admin/integrations";

/** Set up: the subdomain and key are checked live; nothing is saved unless BambooHR accepts them. */
export async function connectAction(_prev: FormResult | null, form: FormData): Promise<FormResult> {
  const admin = await requireAdmin();
  const values = { subdomain: String(form.get("subdomain") ?? "") };
  const parsed = connectionInputSchema.safeParse({ subdomain: form.get("subdomain"), apiKey: form.get("apiKey") });
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrors(parsed.error), values };
  const result = await testCredentials(parsed.data.subdomain, parsed.data.apiKey);
  if (!result.ok) {
    log.info("BambooHR connection test failed", { organizationId: admin.organizationId, kind: result.kind });
    return { ok: false, error: result.message, values };
  }
  await saveConnection(await getDb(), admin.organizationId, parsed.data);
  log.info("BambooHR connected", { organizationId: admin.organizationId, subdomain: parsed.data.subdomain });
  revalidatePath(PATH);
  return { ok: true, message: "Connected to BambooHR." };
}

export async function saveSettingsAction(_prev: FormResult | null, form: FormData): Promise<FormResult> {
  const admin = await requireAdmin();
  const db = await getDb();
  const integration = await getIntegration(db, admin.organizationId);
  if (!integration?.enabled) return { ok: false, error: "Connect BambooHR first." };
  const emails = String(form.get("notificationEmails") ?? "")
    .split(/[\s,;]+/)
    .filter(Boolean);
  const parsed = settingsInputSchema.safeParse({
    apiKey: form.get("apiKey") ?? undefined,
    activationBlocklist: form.getAll("activationBlocklist").map(String),
    notificationEmails: emails,
    safeguardPercent: form.get("safeguardPercent"),
    timeZone: form.get("timeZone") ?? undefined,
    incrementalHours: form.get("incrementalHours") ?? undefined,
    prestartDays: form.get("prestartDays") ?? undefined,
  });
  const values = {
    notificationEmails: String(form.get("notificationEmails") ?? ""),
    safeguardPercent: String(form.get("safeguardPercent") ?? ""),
    timeZone: String(form.get("timeZone") ?? ""),
    incrementalHours: String(form.get("incrementalHours") ?? ""),
    prestartDays: String(form.get("prestartDays") ?? ""),
  };
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrors(parsed.error), values };
  if (parsed.data.apiKey) {
    const result = await testCredentials(integration.subdomain, parsed.data.apiKey);
    if (!result.ok) return { ok: false, fieldErrors: { apiKey: result.message }, values };
  }
  await updateSettings(db, admin.organizationId, parsed.data);
  revalidatePath(PATH);
  return { ok: true, message: "Settings saved. They apply from the next sync." };
}

export async function disconnectAction(): Promise<FormResult> {
  const admin = await requireAdmin();
  await disconnectWithWebhook(await getDb(), admin.organizationId);
  log.info("BambooHR disconnected", { organizationId: admin.organizationId });
  revalidatePath(PATH);
  return { ok: true, message: "Disconnected. Users stay as they are; nothing syncs until you set BambooHR up again." };
}

/** Instant updates on: Roster creates the BambooHR webhook (or, without the permission, shows how to make it by hand). */
export async function enableInstantUpdatesAction(): Promise<FormResult> {
  const admin = await requireAdmin();
  const result = await enableInstantUpdates(await getDb(), admin.organizationId);
  revalidatePath(PATH);
  if (!result.ok) return { ok: false, error: result.error };
  return {
    ok: true,
    message:
      result.mode === "api"
        ? "Instant updates are on: BambooHR now tells Roster about changes as they happen."
        : "The API key may not create webhooks. Create it in BambooHR with the values below, then paste its private key here.",
  };
}

export async function disableInstantUpdatesAction(): Promise<FormResult> {
  const admin = await requireAdmin();
  const db = await getDb();
  const integration = await getIntegration(db, admin.organizationId);
  if (!integration?.instantUpdates) return { ok: true, message: "Instant updates are off." };
  const problem = await disableInstantUpdates(db, integration);
  revalidatePath(PATH);
  return {
    ok: true,
    message: problem ? `Instant updates are off. ${problem}` : "Instant updates are off; the webhook was deleted in BambooHR.",
  };
}

const webhookKeySchema = z.string().trim().min(16, "Paste the whole private key BambooHR showed when the webhook was created.").max(500);

/** The private key of a webhook the admin created by hand (the API key may not create webhooks). */
export async function saveWebhookKeyAction(_prev: FormResult | null, form: FormData): Promise<FormResult> {
  const admin = await requireAdmin();
  const parsed = webhookKeySchema.safeParse(form.get("privateKey"));
  if (!parsed.success) return { ok: false, fieldErrors: { privateKey: parsed.error.issues[0].message } };
  if (!(await saveManualWebhookKey(await getDb(), admin.organizationId, parsed.data))) {
    return { ok: false, error: "Turn instant updates on first." };
  }
  revalidatePath(PATH);
  return { ok: true, message: "Saved: deliveries signed with this key are accepted from now on." };
}

export async function syncNowAction(): Promise<FormResult> {
  const admin = await requireAdmin();
  // The sync runs on its own pool: page loads cannot queue ahead of its statements.
  const result = await requestSync(await getDb(), admin.organizationId, admin.userId, await getBackgroundDb());
  if (!result.ok) return { ok: false, error: result.error };
  // Without an Inngest server the same steps run here, after the response has gone.
  if (result.background) after(result.background);
  revalidatePath(PATH);
  return { ok: true, message: "Sync started." };
}

const runIdSchema = z.string().uuid();

export async function approveRunAction(runId: string): Promise<FormResult> {
  const admin = await requireAdmin();
  const id = runIdSchema.safeParse(runId);
  if (!id.success) return { ok: false, error: "Unknown run." };
  const result = await requestApproval(await getDb(), admin.organizationId, id.data, admin.userId, await getBackgroundDb());
  if (!result.ok) return { ok: false, error: result.error };
  if (result.background) after(result.background);
  revalidatePath(PATH);
  return { ok: true, message: "Approved: the held changes are being applied." };
}

export async function discardRunAction(runId: string): Promise<FormResult> {
  const admin = await requireAdmin();
  const id = runIdSchema.safeParse(runId);
  if (!id.success || !(await discardRun(await getDb(), admin.organizationId, id.data))) {
    return { ok: false, error: "This run is no longer waiting for review." };
  }
  revalidatePath(PATH);
  return { ok: true, message: "Discarded: nothing was changed." };
}

/** How many users a blocklist would activate and deactivate, before it is saved (a dry run). */
export async function blocklistImpactAction(
  blocklist: string[],
): Promise<{ ok: true; activate: number; deactivate: number } | { ok: false; error: string }> {
  const admin = await requireAdmin();
  const parsed = settingsInputSchema.shape.activationBlocklist.safeParse(blocklist);
  if (!parsed.success) return { ok: false, error: "Invalid blocklist." };
  const preview = await previewSync(await getDb(), admin.organizationId, { blocklist: parsed.data });
  if (!preview.ok) return { ok: false, error: preview.error };
  return { ok: true, activate: preview.plan.counts.reactivated, deactivate: preview.plan.counts.deactivated };
}
