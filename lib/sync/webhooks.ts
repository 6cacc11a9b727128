import { eq, sql } from "drizzle-orm";
import type { BambooClient } from "@/lib/bamboohr/client";
import { BambooPermissionError } from "@/lib/bamboohr/errors";
import type { Db } from "@/lib/db";
import { rowsOf } from "@/lib/db/bulk";
import { integrations, type Integration } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { log } from "@/lib/log/logger";
import type { Tx } from "./run/store";
import { instantUpdatesOf } from "./source";

/** Where BambooHR posts this integration's deliveries. */
export const webhookUrl = (integrationId: string) => `${new URL(env().APP_URL).origin}/api/webhooks/bamboohr/${integrationId}`;

/** The advisory lock of one integration's webhook, whatever process changes it. */
const lockKey = (integrationId: string) => sql`hashtextextended(${`bamboohr-webhook:${integrationId}`}, 0)`;

/**
 * Runs `change` while no other change of this integration's webhook runs, in any process: two admins turning
 * instant updates on at once make one webhook, not two. The lock is held through BambooHR's answer. With `tryOnly`,
 * a change already in progress means null at once (a sync's clean-up waits for no one).
 */
export async function withWebhookLock<T>(
  db: Db,
  integrationId: string,
  change: (tx: Tx) => Promise<T>,
  { tryOnly = false } = {},
): Promise<T | null> {
  return db.transaction(async (tx) => {
    if (tryOnly) {
      const result = await tx.execute<{ locked: boolean }>(sql`select pg_try_advisory_xact_lock(${lockKey(integrationId)}) as locked`);
      const [row] = rowsOf(result as unknown as Array<{ locked: boolean }> | { rows: Array<{ locked: boolean }> });
      if (!row?.locked) return null;
    } else await tx.execute(sql`select pg_advisory_xact_lock(${lockKey(integrationId)})`);
    return change(tx);
  });
}

/**
 * Deletes the webhooks in BambooHR that post to this integration's address but are not the one Roster holds (`held`):
 * left by an earlier race or a lost answer, they are signed with a key Roster no longer has, and BambooHR would retry
 * their refused deliveries for ever. Call it under the webhook lock. Returns how many went.
 */
export async function removeStrayWebhooks(client: BambooClient, integrationId: string, held: string | null): Promise<number> {
  const url = webhookUrl(integrationId);
  const strays = (await client.listWebhooks()).filter((w) => w.url === url && w.id !== held);
  for (const w of strays) await client.deleteWebhook(w.id);
  return strays.length;
}

/**
 * A full sync's clean-up of stray webhooks. Skipped while instant updates are set up by hand (Roster cannot tell the
 * admin's webhook from a stray) or being changed at this moment; a key that may not list webhooks is no error. Never
 * fails the sync.
 */
export async function tidyWebhooks(db: Db, integration: Integration, client: BambooClient): Promise<void> {
  const updates = instantUpdatesOf(integration);
  if (updates.on && updates.setup === "manual") return;
  try {
    const removed = await withWebhookLock(
      db,
      integration.id,
      async (tx) => {
        const [now] = await tx.select().from(integrations).where(eq(integrations.id, integration.id));
        const held = instantUpdatesOf(now);
        if (held.on && held.setup === "manual") return 0;
        return removeStrayWebhooks(client, integration.id, held.on ? held.webhookId : null);
      },
      { tryOnly: true },
    );
    if (removed) log.info("stray BambooHR webhooks removed", { integrationId: integration.id, removed });
  } catch (error) {
    if (error instanceof BambooPermissionError) return;
    log.warn("stray BambooHR webhooks not checked", { integrationId: integration.id, error });
  }
}
