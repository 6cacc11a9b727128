import { storable } from "@/lib/text";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { integrations } from "@/lib/db/schema";

/** Failed connections in a row after which the integration shows the error state (the spec's three). */
export const ERROR_STATE_AFTER = 3;

export async function recordConnectionSuccess(
  db: Db,
  integrationId: string,
  missingFields: string[] | null,
  source?: "datasets" | "reports" | "employees",
) {
  await db
    .update(integrations)
    .set({
      consecutiveFailures: 0,
      state: "connected",
      lastConnectedAt: new Date(),
      ...(missingFields ? { missingFields } : {}),
      ...(source === "datasets" || source === "reports" ? { employeeSource: source } : {}),
    })
    .where(eq(integrations.id, integrationId));
}

/** One failed connection; the third in a row puts the integration in the error state (the spec). */
export async function recordConnectionFailure(db: Db, integrationId: string, message: string) {
  const [row] = await db
    .update(integrations)
    .set({
      consecutiveFailures: sql`${integrations.consecutiveFailures} + 1`,
      lastError: storable(message),
      lastErrorAt: new Date(),
      state: sql`case when ${integrations.consecutiveFailures} + 1 >= ${ERROR_STATE_AFTER} then 'error'::connection_state else ${integrations.state} end`,
    })
    .where(eq(integrations.id, integrationId))
    .returning({ failures: integrations.consecutiveFailures, state: integrations.state });
  return { failures: row?.failures ?? 0, enteredErrorState: row?.failures === ERROR_STATE_AFTER };
}
