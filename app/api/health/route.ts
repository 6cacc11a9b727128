import { getDb } from "@/lib/db";
import { pingDatabase } from "@/lib/db/outage";
import { log } from "@/lib/log/logger";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const db = await getDb();
    await pingDatabase(db);
    return Response.json({ status: "ok", database: "reachable" });
  } catch (error) {
    log.error("health check failed", { error });
    return Response.json({ status: "error", database: "unreachable" }, { status: 503 });
  }
}
