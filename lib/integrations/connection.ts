import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { createBambooClient, type ConnectionResult } from "@/lib/bamboohr/client";
import { BambooError, type BambooErrorKind } from "@/lib/bamboohr/errors";
import { extractSubdomain, validateSubdomain } from "@/lib/bamboohr/subdomain";
import { seal } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db";
import { integrations, organizations, type Integration } from "@/lib/db/schema";
import { isTimeZone } from "@/lib/sync/plan/today";
import { apiKeyContext, connectionOf, getIntegration, type ClientOverrides } from "@/lib/sync/source";

const subdomainInputSchema = z
  .string()
  .trim()
  .min(1, "Enter your BambooHR subdomain.")
  .transform(extractSubdomain)
  .refine((s) => {
    try {
      validateSubdomain(s);
      return true;
    } catch {
      return false;
    }
  }, 'Use the "companyname" part of https://companyname.bamboohr.com: letters, digits and hyphens.');

export const connectionInputSchema = z.object({
  subdomain: subdomainInputSchema,
  apiKey: z.string().trim().min(8, "Paste the whole API key from BambooHR.").max(200),
});

export const settingsInputSchema = z.object({
  apiKey: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((v) => v || undefined),
  activationBlocklist: z.array(z.string().trim().min(1).max(100)).max(200).default([]),
  notificationEmails: z
    .array(z.string().trim().toLowerCase().email("Enter valid e-mail addresses, separated by commas."))
    .max(20)
    .default([]),
  safeguardPercent: z.coerce.number().int().min(1, "Between 1 and 100.").max(100, "Between 1 and 100.").default(20),
  timeZone: z.string().trim().refine(isTimeZone, "Choose a time zone from the list (for example America/Los_Angeles).").optional(),
  incrementalHours: z.coerce
    .number()
    .int()
    .refine((h) => INCREMENTAL_CHOICES.includes(h), "Choose an interval from the list.")
    .optional(),
  prestartDays: z.coerce
    .number()
    .int("A whole number of days.")
    .min(0, "Between 0 and 90 days.")
    .max(90, "Between 0 and 90 days.")
    .optional(),
});

/** Hours between incremental syncs an admin can choose (0: off). */
export const INCREMENTAL_CHOICES = [0, 1, 2, 4, 6, 12];

async function testCredentials(subdomain: string, apiKey: string, overrides: ClientOverrides = {}): Promise<ConnectionResult> {
  try {
    return await createBambooClient({ ...overrides, subdomain, apiKey, retry: { attempts: 2, ...overrides.retry } }).testConnection();
  } catch (error) {
    if (error instanceof BambooError) return { ok: false, kind: error.kind, message: error.message };
    throw error;
  }
}

/**
 * Set up (or replace) the connection: BambooHR is asked first, and nothing is saved unless it accepts the subdomain
 * and the key. The answer says what failed in words for the admin.
 */
export async function saveConnection(
  db: Db,
  organizationId: string,
  input: { subdomain: string; apiKey: string },
  overrides: ClientOverrides = {},
): Promise<{ ok: true; integration: Integration } | { ok: false; kind: BambooErrorKind; message: string }> {
  const tested = await testCredentials(input.subdomain, input.apiKey, overrides);
  if (!tested.ok) return tested;
  return { ok: true, integration: await storeConnection(db, organizationId, input) };
}

/** Stores a connection (new or replaced), sealed, without asking BambooHR: the key is never stored or returned in clear. */
export async function storeConnection(db: Db, organizationId: string, input: { subdomain: string; apiKey: string }) {
  // The row's id is known before sealing, so that the key is bound to it.
  const id = (await getIntegration(db, organizationId))?.id ?? randomUUID();
  const values = {
    subdomain: validateSubdomain(input.subdomain),
    apiKeySealed: seal(input.apiKey, apiKeyContext({ organizationId, id })),
    apiKeyLast4: input.apiKey.slice(-4),
    enabled: true,
    state: "connected" as const,
    consecutiveFailures: 0,
    lastError: null,
    lastErrorAt: null,
    lastConnectedAt: new Date(),
    updatedAt: new Date(),
  };
  const [row] = await db
    .insert(integrations)
    .values({ id, organizationId, provider: "bamboohr", ...values })
    .onConflictDoUpdate({ target: [integrations.organizationId, integrations.provider], set: values })
    .returning();
  return row;
}

/** The settings an admin saves: refused while not connected; a new API key is tested before anything is saved. */
export async function saveSettings(
  db: Db,
  organizationId: string,
  input: z.output<typeof settingsInputSchema>,
  overrides: ClientOverrides = {},
): Promise<{ ok: true } | { ok: false; error: string; field?: "apiKey" }> {
  const integration = await getIntegration(db, organizationId);
  if (!integration || connectionOf(integration) === "not_connected") return { ok: false, error: "Connect BambooHR first." };
  if (input.apiKey) {
    const tested = await testCredentials(integration.subdomain, input.apiKey, overrides);
    if (!tested.ok) return { ok: false, error: tested.message, field: "apiKey" };
  }
  await updateSettings(db, organizationId, input);
  return { ok: true };
}

/** Stores the settings; the organization's time zone (for the sync's "today") is stored with them. */
export async function updateSettings(db: Db, organizationId: string, input: z.output<typeof settingsInputSchema>) {
  const current = await getIntegration(db, organizationId);
  if (!current) return null;
  if (input.timeZone) await db.update(organizations).set({ timeZone: input.timeZone }).where(eq(organizations.id, organizationId));
  const [row] = await db
    .update(integrations)
    .set({
      activationBlocklist: [...new Set(input.activationBlocklist)],
      notificationEmails: [...new Set(input.notificationEmails)],
      safeguardPercent: input.safeguardPercent,
      ...(input.incrementalHours !== undefined ? { incrementalHours: input.incrementalHours } : {}),
      ...(input.prestartDays !== undefined ? { prestartDays: input.prestartDays } : {}),
      // A new key may see what the old one could not: the next read tries the Datasets API again.
      ...(input.apiKey
        ? { apiKeySealed: seal(input.apiKey, apiKeyContext(current)), apiKeyLast4: input.apiKey.slice(-4), employeeSource: null }
        : {}),
      updatedAt: new Date(),
    })
    .where(eq(integrations.id, current.id))
    .returning();
  return row ?? null;
}

/** Stops syncing and forgets the key; users and history stay. */
export async function disconnect(db: Db, organizationId: string) {
  await db
    .update(integrations)
    .set({
      enabled: false,
      apiKeySealed: "",
      apiKeyLast4: "",
      // The webhook's key goes with the API key (the admin's action deletes the webhook in BambooHR first).
      instantUpdates: false,
      webhookSetup: null,
      webhookId: null,
      webhookKeySealed: null,
      state: "connected",
      consecutiveFailures: 0,
      lastError: null,
      updatedAt: new Date(),
    })
    .where(and(eq(integrations.organizationId, organizationId), eq(integrations.provider, "bamboohr")));
}
