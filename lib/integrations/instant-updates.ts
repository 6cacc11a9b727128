import { eq } from "drizzle-orm";
import { REPORT_FIELDS } from "@/lib/bamboohr/api-types";
import type { BambooClient } from "@/lib/bamboohr/client";
import { BambooBadRequestError, BambooError, BambooPermissionError } from "@/lib/bamboohr/errors";
import type { WebhookInput } from "@/lib/bamboohr/webhooks";
import { seal } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db";
import { integrations, type Integration } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { log } from "@/lib/log/logger";
import { disconnect } from "./connection";
import { clientFor, connectionOf, getIntegration, instantUpdatesOf, type ClientOverrides } from "@/lib/sync/source";

/** What a sealed webhook key is bound to: it opens only on this integration's row. */
export const webhookKeyContext = (integration: Pick<Integration, "organizationId" | "id">) =>
  `bamboohr-webhook-key:${integration.organizationId}:${integration.id}`;

/** Where BambooHR posts this integration's deliveries. */
export const webhookUrl = (integrationId: string) => `${new URL(env().APP_URL).origin}/api/webhooks/bamboohr/${integrationId}`;

/** The fields of the mapping: a change to any of them (and a hire, a deletion) fires the webhook. */
export const MONITORED_FIELDS = REPORT_FIELDS.filter((f) => f !== "id");

/**
 * What Roster asks BambooHR for. Deliveries only say who changed: the targeted sync reads those employees
 * through the API, with the key's permissions and the same rules as a full sync, so no extra field is posted.
 */
function webhookRequest(integrationId: string, monitorFields: readonly string[] = MONITORED_FIELDS): WebhookInput {
  return {
    name: "Roster user sync",
    url: webhookUrl(integrationId),
    format: "json",
    events: ["employee.created", "employee.updated", "employee.deleted"],
    monitorFields: [...monitorFields],
    postFields: {},
    includeCompanyDomain: false,
  };
}

/**
 * Creates the webhook: monitoring the mapped fields BambooHR offers (its own list, when it can be read), with the
 * event-based events; an account that refuses those (400) gets BambooHR's default, field-based events.
 */
async function createWebhook(client: BambooClient, integrationId: string) {
  const offered = await client.fetchWebhookMonitorFields().catch(() => null);
  const monitored = offered ? MONITORED_FIELDS.filter((f) => offered.includes(f)) : [];
  const request = webhookRequest(integrationId, monitored.length ? monitored : MONITORED_FIELDS);
  try {
    return await client.createWebhook(request);
  } catch (error) {
    if (!(error instanceof BambooBadRequestError)) throw error;
    log.warn("BambooHR refused the event-based webhook; trying its default events", { integrationId, error });
    return client.createWebhook({ ...request, events: undefined });
  }
}

export type EnableResult = { ok: true; mode: "api" | "manual" } | { ok: false; error: string };

/**
 * Turns instant updates on: Roster creates the webhook through the API and keeps its private key, sealed.
 * When the key may not create webhooks, instant updates wait for the admin to create it by hand and paste its key.
 */
export async function enableInstantUpdates(db: Db, organizationId: string, overrides: ClientOverrides = {}): Promise<EnableResult> {
  const integration = await getIntegration(db, organizationId);
  if (connectionOf(integration) === "not_connected" || !integration) return { ok: false, error: "Connect BambooHR first." };
  const updates = instantUpdatesOf(integration);
  if (updates.on && updates.keySealed) return { ok: true, mode: updates.setup };
  try {
    const created = await createWebhook(clientFor(integration, overrides), integration.id);
    await db
      .update(integrations)
      .set({
        instantUpdates: true,
        webhookSetup: "api",
        webhookId: created.id,
        webhookKeySealed: seal(created.privateKey, webhookKeyContext(integration)),
        updatedAt: new Date(),
      })
      .where(eq(integrations.id, integration.id));
    log.info("BambooHR webhook created", { organizationId, integrationId: integration.id, webhookId: created.id });
    return { ok: true, mode: "api" };
  } catch (error) {
    if (error instanceof BambooPermissionError) {
      await db
        .update(integrations)
        .set({ instantUpdates: true, webhookSetup: "manual", webhookId: null, webhookKeySealed: null, updatedAt: new Date() })
        .where(eq(integrations.id, integration.id));
      return { ok: true, mode: "manual" };
    }
    if (error instanceof BambooError) {
      const notHttps = new URL(env().APP_URL).protocol !== "https:";
      const hint = notHttps ? ` BambooHR only sends webhooks to https:// addresses: set APP_URL to Roster's public https address.` : "";
      return { ok: false, error: `BambooHR did not create the webhook: ${error.message}${hint}` };
    }
    throw error;
  }
}

/** The private key of a webhook the admin created by hand in BambooHR. */
export async function saveManualWebhookKey(db: Db, organizationId: string, privateKey: string) {
  const integration = await getIntegration(db, organizationId);
  if (!integration || !instantUpdatesOf(integration).on) return false;
  await db
    .update(integrations)
    .set({ webhookSetup: "manual", webhookKeySealed: seal(privateKey, webhookKeyContext(integration)), updatedAt: new Date() })
    .where(eq(integrations.id, integration.id));
  return true;
}

/**
 * Turns instant updates off: the webhook Roster made is deleted in BambooHR (one made by hand is left to the admin)
 * and its key forgotten. Returns a sentence when BambooHR could not be told.
 */
export async function disableInstantUpdates(db: Db, integration: Integration, overrides: ClientOverrides = {}): Promise<string | null> {
  let problem: string | null = null;
  const updates = instantUpdatesOf(integration);
  if (updates.on && updates.setup === "api" && updates.webhookId && integration.apiKeySealed) {
    try {
      await clientFor(integration, overrides).deleteWebhook(updates.webhookId);
    } catch (error) {
      log.warn("BambooHR webhook not deleted", { integrationId: integration.id, error });
      problem = `BambooHR could not be told to delete the webhook (${error instanceof Error ? error.message : "unknown error"}); delete "Roster user sync" under Settings > Webhooks in BambooHR. Deliveries are refused meanwhile.`;
    }
  } else if (updates.on && updates.setup === "manual") {
    problem = "Delete the webhook you created under Settings > Webhooks in BambooHR. Roster refuses its deliveries from now on.";
  }
  await db
    .update(integrations)
    .set({ instantUpdates: false, webhookSetup: null, webhookId: null, webhookKeySealed: null, updatedAt: new Date() })
    .where(eq(integrations.id, integration.id));
  return problem;
}

/** Disconnects BambooHR: the webhook Roster made is deleted first, while the API key that made it is still known. */
export async function disconnectWithWebhook(db: Db, organizationId: string, overrides: ClientOverrides = {}) {
  const integration = await getIntegration(db, organizationId);
  if (integration && instantUpdatesOf(integration).on) await disableInstantUpdates(db, integration, overrides);
  await disconnect(db, organizationId);
}
