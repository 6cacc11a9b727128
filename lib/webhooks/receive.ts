import { and, eq, lt, sql } from "drizzle-orm";
import { open } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db";
import { integrations, webhookDeliveries } from "@/lib/db/schema";
import { log } from "@/lib/log/logger";
import { queueChanges } from "@/lib/sync/run/watermark";
import { instantUpdatesOf } from "@/lib/sync/source";
import { webhookKeyContext } from "@/lib/integrations/instant-updates";
import { changedEmployeeIds, deliveryDigest, verifyDelivery } from "./verify";

export type Received =
  | { status: 200; queued: number; duplicate: boolean; integration: { id: string; organizationId: string } }
  | { status: 400; reason: string }
  | { status: typeof REFUSED_STATUS; reason: string };

/**
 * Every refusal before a delivery is proven BambooHR's (unknown integration, instant updates off, no or bad signature,
 * too large) answers the same: the caller learns nothing of which integrations exist or what is wrong.
 */
export const REFUSED_STATUS = 404;
export const REFUSED_BODY = { error: "Not found." };

/** The delivery's raw body, or null once it passes the size limit. */
export type BodyReader = () => Promise<Buffer | null>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const refused = (reason: string): Received => ({ status: REFUSED_STATUS, reason });

/**
 * One delivery to `/api/webhooks/bamboohr/<integration id>`: the body is read only once the integration is known to
 * expect deliveries, and verified against its private key before anything else; then queued once (a replay of the
 * same delivery changes nothing).
 */
export async function receiveDelivery(
  db: Db,
  integrationId: string,
  readBody: BodyReader,
  headers: { signature: string | null; timestamp: string | null },
): Promise<Received> {
  if (!UUID.test(integrationId)) return refused("unknown integration");
  const [integration] = await db.select().from(integrations).where(eq(integrations.id, integrationId));
  const updates = integration ? instantUpdatesOf(integration) : { on: false as const };
  if (!integration || !updates.on || !updates.keySealed) return refused("unknown integration, or instant updates off");
  let privateKey: string;
  try {
    privateKey = open(updates.keySealed, webhookKeyContext(integration));
  } catch {
    return refused("the stored webhook key cannot be opened");
  }
  const rawBody = await readBody();
  if (!rawBody) return refused("body too large");
  const verdict = verifyDelivery(privateKey, rawBody, headers);
  if (!verdict.ok) return refused(verdict.reason);

  const ids = changedEmployeeIds(rawBody.toString("utf8"));
  if (!ids) return { status: 400, reason: "signed, but not a delivery Roster can read" };
  const digest = deliveryDigest(headers.timestamp!, headers.signature!);
  const [fresh] = await db
    .insert(webhookDeliveries)
    .values({ integrationId, digest })
    .onConflictDoNothing()
    .returning({ digest: webhookDeliveries.digest });
  const ref = { id: integration.id, organizationId: integration.organizationId };
  if (!fresh) return { status: 200, queued: 0, duplicate: true, integration: ref };
  const queued = await queueChanges(db, integrationId, ids);
  await db.update(integrations).set({ lastWebhookAt: new Date() }).where(eq(integrations.id, integrationId));
  // Digests are only needed while a delivery's timestamp is accepted; a day is plenty.
  await db
    .delete(webhookDeliveries)
    .where(and(eq(webhookDeliveries.integrationId, integrationId), lt(webhookDeliveries.receivedAt, sql`now() - interval '1 day'`)));
  log.info("webhook delivery accepted", { integrationId, employees: ids.length });
  return { status: 200, queued, duplicate: false, integration: ref };
}
