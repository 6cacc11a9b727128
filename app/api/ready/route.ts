import { getDb } from "@/lib/db";
import { databaseProblem } from "@/lib/db/readiness";
import { ConfigError, env } from "@/lib/env";
import { isShuttingDown } from "@/lib/jobs/shutdown";
import { log } from "@/lib/log/logger";

export const dynamic = "force-dynamic";

/** The database gets this long to answer: the check itself answers within about a second, whatever it does. */
const DATABASE_WITHIN_MS = 1_000;

/** Readiness: the configuration is valid, the process is not stopping, the database answers and is migrated. */
export async function GET() {
  const reason = configProblem() ?? (isShuttingDown() ? "shutting down" : await databaseProblem(await getDb(), DATABASE_WITHIN_MS));
  if (!reason) return Response.json({ status: "ready" });
  log.warn("not ready", { reason });
  return Response.json({ status: "not ready", reason }, { status: 503 });
}

function configProblem(): string | null {
  try {
    env();
    return null;
  } catch (error) {
    if (error instanceof ConfigError) return "configuration invalid";
    throw error;
  }
}
