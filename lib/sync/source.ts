import { and, eq } from "drizzle-orm";
import { createBambooClient, type BambooClient, type BambooClientOptions, type EmployeeSnapshot } from "@/lib/bamboohr/client";
import { open } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db";
import { integrations, type Integration } from "@/lib/db/schema";

// Where a sync reads from: an organization's BambooHR integration and a client opened with its sealed key.

/** How a client reaches BambooHR: tests and the demo point it at the emulator; production uses the defaults. */
export type ClientOverrides = Omit<BambooClientOptions, "subdomain" | "apiKey">;

export async function getIntegration(db: Db, organizationId: string): Promise<Integration | null> {
  const [row] = await db
    .select()
    .from(integrations)
    .where(and(eq(integrations.organizationId, organizationId), eq(integrations.provider, "bamboohr")));
  return row ?? null;
}

/** Whether BambooHR is connected, and whether the last attempts to reach it failed (the spec's error state). */
export type Connection = "not_connected" | "connected" | "error";

export const connectionOf = (integration: Pick<Integration, "enabled" | "state"> | null): Connection =>
  integration?.enabled ? integration.state : "not_connected";

/**
 * Instant updates (BambooHR's webhook): off; on with a webhook Roster made through the API; or on with one the admin
 * made by hand (its key pasted, or not yet). `keySealed` is the webhook's private key, sealed; null until known.
 */
export type InstantUpdates =
  | { on: false }
  | { on: true; setup: "api"; webhookId: string | null; keySealed: string | null }
  | { on: true; setup: "manual"; keySealed: string | null };

export function instantUpdatesOf(
  integration: Pick<Integration, "enabled" | "instantUpdates" | "webhookSetup" | "webhookId" | "webhookKeySealed">,
): InstantUpdates {
  if (!integration.enabled || !integration.instantUpdates) return { on: false };
  return integration.webhookSetup === "manual"
    ? { on: true, setup: "manual", keySealed: integration.webhookKeySealed }
    : { on: true, setup: "api", webhookId: integration.webhookId, keySealed: integration.webhookKeySealed };
}

/** Every enabled integration, of every organization: what the nightly sync fans out to. */
export async function enabledIntegrations(db: Db) {
  return db
    .select({ organizationId: integrations.organizationId, integrationId: integrations.id })
    .from(integrations)
    .where(eq(integrations.enabled, true));
}

/** What a sealed API key is bound to: it opens only on the row of this organization's integration. */
export const apiKeyContext = (integration: Pick<Integration, "organizationId" | "id">) =>
  `bamboohr-api-key:${integration.organizationId}:${integration.id}`;

export function clientFor(
  integration: Pick<Integration, "id" | "organizationId" | "subdomain" | "apiKeySealed">,
  overrides: ClientOverrides = {},
) {
  const apiKey = open(integration.apiKeySealed, apiKeyContext(integration));
  return createBambooClient({ ...overrides, subdomain: integration.subdomain, apiKey });
}

/** Up to this many, employees are read one request each; more, and one full read filtered to them is cheaper. */
const ONE_BY_ONE_LIMIT = 200;

/** The changed employees, as a snapshot of only them. */
export async function fetchTargeted(client: BambooClient, ids: string[]): Promise<EmployeeSnapshot & { notFound: string[] }> {
  if (ids.length <= ONE_BY_ONE_LIMIT) return client.fetchEmployeesById(ids);
  const all = await client.fetchEmployees();
  const wanted = new Set(ids);
  const employees = all.employees.filter((e) => wanted.has(e.id));
  const found = new Set(employees.map((e) => e.id));
  const problems = all.problems.filter((p) => p.id && wanted.has(p.id));
  for (const p of problems) found.add(p.id!);
  return { ...all, employees, problems, notFound: ids.filter((id) => !found.has(id)) };
}
