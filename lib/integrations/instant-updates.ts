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
import { removeStrayWebhooks, webhookUrl, withWebhookLock } from "@/lib/sync/webhooks";

/** What a sealed webhook key is bound to: it opens only on this integration's row. */
export const webhookKeyContext = (integration: Pick<Integration, "organizationId" | "id">) =>
  `bamboohr-webhook-key:${integration.organizationId}:${integration.id}`;

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

/** Stray webhooks of this integration removed; a failure only logged (the next full sync tries again). */
async function removeStrays(client: BambooClient, integrationId: string, held: string | null): Promise<number | null> {
  try {
    return await removeStrayWebhooks(client, integrationId, held);
  } catch (error) {
    log.warn("stray BambooHR webhooks not checked", { integrationId, error });
    return null;
  }
}

/**
 * Turns instant updates on: Roster creates the webhook through the API and keeps its private key, sealed.
 * When the key may not create webhooks, instant updates wait for the admin to create it by hand and paste its key.
 * Under the webhook lock: two requests at once make one webhook, and any stray one is removed.
 */
export async function enableInstantUpdates(db: Db, organizationId: string, overrides: ClientOverrides = {}): Promise<EnableResult> {
  const found = await getIntegration(db, organizationId);
  if (connectionOf(found) === "not_connected" || !found) return { ok: false, error: "Connect BambooHR first." };
  const result = await withWebhookLock(db, found.id, async (tx) => {
    const integration = (await getIntegration(tx, organizationId)) ?? found;
    const updates = instantUpdatesOf(integration);
    if (updates.on && updates.keySealed) return { ok: true as const, mode: updates.setup };
    const client = clientFor(integration, overrides);
    try {
      const created = await createWebhook(client, integration.id);
      await tx
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
      await removeStrays(client, integration.id, created.id);
      return { ok: true as const, mode: "api" as const };
    } catch (error) {
      if (error instanceof BambooPermissionError) {
        await tx
          .update(integrations)
          .set({ instantUpdates: true, webhookSetup: "manual", webhookId: null, webhookKeySealed: null, updatedAt: new Date() })
          .where(eq(integrations.id, integration.id));
        return { ok: true as const, mode: "manual" as const };
      }
      if (error instanceof BambooError) {
        const notHttps = new URL(env().APP_URL).protocol !== "https:";
        const hint = notHttps ? ` BambooHR only sends webhooks to https:// addresses: set APP_URL to Roster's public https address.` : "";
        return { ok: false as const, error: `BambooHR did not create the webhook: ${error.message}${hint}` };
      }
      throw error;
    }
  });
  return result!;
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
 * Turns instant updates off: the webhook Roster made, and any stray one posting to this integration, are deleted in
 * BambooHR (one made by hand is left to the admin, unless the key can see it) and the key forgotten. Returns a
 * sentence when BambooHR could not be told.
 */
export async function disableInstantUpdates(db: Db, integration: Integration, overrides: ClientOverrides = {}): Promise<string | null> {
  return (
    (await withWebhookLock(db, integration.id, async (tx) => {
      const [current] = await tx.select().from(integrations).where(eq(integrations.id, integration.id));
      const updates = instantUpdatesOf(current ?? integration);
      let problem: string | null = null;
      const client = current?.apiKeySealed ? clientFor(current, overrides) : null;
      if (client && updates.on && updates.setup === "api" && updates.webhookId) {
        try {
          await client.deleteWebhook(updates.webhookId);
        } catch (error) {
          log.warn("BambooHR webhook not deleted", { integrationId: integration.id, error });
          problem = `BambooHR could not be told to delete the webhook (${error instanceof Error ? error.message : "unknown error"}); delete "Roster user sync" under Settings > Webhooks in BambooHR. Deliveries are refused meanwhile.`;
        }
      }
      const removed = client ? await removeStrays(client, integration.id, null) : null;
      if (updates.on && updates.setup === "manual" && !removed) {
        problem = "Delete the webhook you created under Settings > Webhooks in BambooHR. Roster refuses its deliveries from now on.";
      }
      await tx
        .update(integrations)
        .set({ instantUpdates: false, webhookSetup: null, webhookId: null, webhookKeySealed: null, updatedAt: new Date() })
        .where(eq(integrations.id, integration.id));
      return problem;
    })) ?? null
  );
}

/** Disconnects BambooHR: the webhook Roster made is deleted first, while the API key that made it is still known. */
export async function disconnectWithWebhook(db: Db, organizationId: string, overrides: ClientOverrides = {}) {
  const integration = await getIntegration(db, organizationId);
  if (integration && instantUpdatesOf(integration).on) await disableInstantUpdates(db, integration, overrides);
  await disconnect(db, organizationId);
}
