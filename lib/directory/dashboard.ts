import { and, asc, between, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { organizations, syncRecordErrors, syncRuns, users } from "@/lib/db/schema";
import type { SyncCounts } from "@/lib/db/schema/sync-runs";
import { inngestConfigured } from "@/lib/env";
import { connectionOf, getIntegration } from "@/lib/sync/source";
import { nextNightlyRun } from "@/lib/integrations/schedule";
import { todayIn } from "@/lib/sync/plan/today";

const DAY_MS = 86_400_000;
export const UPCOMING_DAYS = 14;
export const CHART_RUNS = 30;

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** What an admin looks at first: the directory in numbers, the syncs, what is coming, and what needs them. */
export async function dashboard(db: Db, organizationId: string) {
  const [org] = await db.select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, organizationId));
  const today = todayIn(org.timeZone);
  const until = addDays(today, UPCOMING_DAYS);
  const person = {
    id: users.id,
    firstName: users.firstName,
    lastName: users.lastName,
    preferredName: users.preferredName,
    email: users.email,
  };
  const [[counts], integration, runs, leaving, starting] = await Promise.all([
    db
      .select({
        active: sql<number>`count(*) filter (where ${users.active})::int`,
        inactive: sql<number>`count(*) filter (where not ${users.active})::int`,
        managed: sql<number>`count(*) filter (where ${users.source} = 'bamboohr')::int`,
        manual: sql<number>`count(*) filter (where ${users.source} = 'manual')::int`,
      })
      .from(users)
      .where(eq(users.organizationId, organizationId)),
    getIntegration(db, organizationId),
    db.select().from(syncRuns).where(eq(syncRuns.organizationId, organizationId)).orderBy(desc(syncRuns.startedAt)).limit(CHART_RUNS),
    // Terminations still ahead: active users whose deactivation date falls in the window.
    db
      .select({ ...person, date: users.deactivationDate })
      .from(users)
      .where(and(eq(users.organizationId, organizationId), eq(users.active, true), between(users.deactivationDate, today, until)))
      .orderBy(asc(users.deactivationDate), asc(users.lastName))
      .limit(50),
    db
      .select({ ...person, date: users.startDate })
      .from(users)
      .where(and(eq(users.organizationId, organizationId), between(users.startDate, today, until)))
      .orderBy(asc(users.startDate), asc(users.lastName))
      .limit(50),
  ]);
  const latest = runs[0] ?? null;
  const [{ recordErrors }] = latest
    ? await db
        .select({ recordErrors: sql<number>`count(*)::int` })
        .from(syncRecordErrors)
        .where(eq(syncRecordErrors.runId, latest.id))
    : [{ recordErrors: 0 }];
  const attention: Array<{ text: string; href: string }> = [];
  const held = runs.find((r) => r.status === "needs_review");
  if (held) attention.push({ text: "A sync is held for review: too many deactivations.", href: `/admin/integrations/runs/${held.id}` });
  const connection = connectionOf(integration);
  if (connection === "error") {
    attention.push({
      text: `BambooHR is in the error state: ${integration?.lastError ?? "the last connections failed"}`,
      href: "/admin/integrations",
    });
  }
  if (latest && recordErrors > 0) {
    attention.push({
      text: `The last sync could not sync ${recordErrors} record(s).`,
      href: `/admin/integrations/runs/${latest.id}?kind=skipped`,
    });
  }
  if (integration && connection !== "not_connected" && integration.missingFields.length > 0) {
    attention.push({ text: "The API key cannot see some BambooHR fields.", href: "/admin/integrations" });
  }
  const changed = (c: SyncCounts | null) => (c ? c.created + c.updated + c.deactivated + c.reactivated : 0);
  return {
    counts,
    connected: connection !== "not_connected",
    latest,
    nextRun: connection !== "not_connected" && inngestConfigured() ? nextNightlyRun() : null,
    chart: [...runs]
      .reverse()
      .map((r) => ({ id: r.id, startedAt: r.startedAt, status: r.status, changes: changed(r.counts), counts: r.counts })),
    leaving,
    starting,
    attention,
    today,
  };
}
