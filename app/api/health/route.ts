import { getDb } from "@/lib/db";
import { isDatabaseUnavailable, pingDatabase } from "@/lib/db/outage";
import { log } from "@/lib/log/logger";

export const dynamic = "force-dynamic";

/** The health check answers within about a second, whatever the database does. */
const PING_WITHIN_MS = 1_000;

export async function GET() {
  try {
    const db = await getDb();
    await pingDatabase(db, PING_WITHIN_MS);
    return Response.json({ status: "ok", database: "reachable" });
  } catch (error) {
    log.error("health check failed", { error });
    const database = isDatabaseUnavailable(error) ? "unreachable" : "error";
    return Response.json({ status: "error", database }, { status: 503 });
  }
}
