import { getBackgroundDb, getDb } from "@/lib/db";
import { requestTargetedSync } from "@/lib/jobs/requests";
import { log } from "@/lib/log/logger";
import { withRequestLog } from "@/lib/log/request";
import { metrics } from "@/lib/metrics";
import { readLimited } from "@/lib/webhooks/body";
import { receiveDelivery, REFUSED_BODY } from "@/lib/webhooks/receive";
import { MAX_BODY_BYTES } from "@/lib/webhooks/verify";

export const dynamic = "force-dynamic";

/** BambooHR's webhook deliveries: verified, queued once, then a targeted sync (debounced) takes them. */
export async function POST(request: Request, context: { params: Promise<{ integrationId: string }> }) {
  return withRequestLog(request.headers, () => receive(request, context));
}

async function receive(request: Request, { params }: { params: Promise<{ integrationId: string }> }) {
  const { integrationId } = await params;
  const received = await receiveDelivery(await getDb(), integrationId, () => readLimited(request, MAX_BODY_BYTES), {
    signature: request.headers.get("x-bamboohr-signature"),
    timestamp: request.headers.get("x-bamboohr-timestamp"),
  });
  metrics().webhookDeliveries.inc(
    received.status === 200
      ? { result: "accepted", reason: received.duplicate ? "duplicate" : "new" }
      : { result: "refused", reason: received.reason },
  );
  if (received.status !== 200) {
    // Never the body: it names employees, and it is not trusted.
    log.warn("webhook delivery refused", { integrationId, status: received.status, reason: received.reason });
    return Response.json(received.status === 400 ? { error: "Not a delivery Roster can read." } : REFUSED_BODY, {
      status: received.status,
    });
  }
  if (!received.duplicate) await requestTargetedSync(await getBackgroundDb(), received.integration);
  return Response.json({ ok: true, queued: received.queued, duplicate: received.duplicate });
}
