import { createHash, timingSafeEqual } from "node:crypto";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { metrics } from "@/lib/metrics";
import { outboxCounts } from "@/lib/notify/outbox";
import { oldestWatermarkAge } from "@/lib/sync/run/watermark";

export const dynamic = "force-dynamic";

const digest = (text: string) => createHash("sha256").update(text).digest();

/** Prometheus metrics, behind `Authorization: Bearer $METRICS_TOKEN`; no such route while the token is unset. */
export async function GET(request: Request) {
  const token = env().METRICS_TOKEN;
  if (!token) return new Response("Not found.", { status: 404 });
  const given = request.headers.get("authorization")?.match(/^Bearer (.+)$/)?.[1] ?? "";
  if (!timingSafeEqual(digest(given), digest(token)))
    return new Response("Unauthorized.", { status: 401, headers: { "www-authenticate": "Bearer" } });
  const m = metrics();
  // Read from the database at each scrape: the state of the queues, whichever instance changed it.
  const db = await getDb();
  const [age, outbox] = await Promise.all([oldestWatermarkAge(db), outboxCounts(db)]);
  if (age === null) m.watermarkAge.reset();
  else m.watermarkAge.set(age);
  m.outbox.set({ status: "queued" }, outbox.queued);
  m.outbox.set({ status: "failed" }, outbox.failed);
  return new Response(await m.registry.metrics(), { headers: { "content-type": m.registry.contentType } });
}
