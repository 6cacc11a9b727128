import { and, eq, isNotNull, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { rowsOf } from "@/lib/db/bulk";
import { userChanges, users } from "@/lib/db/schema";
import { finishRun, startRun } from "@/lib/sync/run/store";
import { applyBatch, applyManagers, fetchAndStage, planRun } from "@/lib/sync/steps";
import { directoryMismatches } from "../helpers/directory-check";
import { emulatedCompany, fastRetry } from "../helpers/emulator";
import { connect, createOrg } from "../helpers/factories";

// The scale tier: companies of thousands, slower than the rest; `npm test` runs it after the others.

async function analyzedAt(db: Db) {
  const result = await db.execute<{ at: string | null }>(
    sql`select last_analyze::text as at from pg_stat_user_tables where relname = 'users' and schemaname = current_schema()`,
  );
  const [row] = rowsOf(result as unknown as Array<{ at: string | null }> | { rows: Array<{ at: string | null }> });
  return row?.at ? new Date(row.at).getTime() : 0;
}

describe("[SYNC] chunks of a large plan", () => {
  it("chunks of new users apply side by side, chunks of changes one at a time, and the directory ends right", async () => {
    const ctx = await emulatedCompany({ size: 6_000, seed: 12 });
    const { db, org } = await createOrg();
    const integration = await connect(db, org.id, { subdomain: ctx.domain, apiKey: ctx.key });
    const overrides = { baseUrl: ctx.emu.url, retry: fastRetry };
    const stepsOf = async () => {
      const run = await startRun(db, { organizationId: org.id, integrationId: integration.id, trigger: "manual" });
      await fetchAndStage(db, run.runId!, overrides);
      await planRun(db, run.runId!);
      const applied: number[] = [];
      for (;;) {
        const { applied: n, remaining } = await applyBatch(db, run.runId!);
        applied.push(n);
        if (remaining === 0) break;
      }
      await applyManagers(db, run.runId!);
      expect((await finishRun(db, run.runId!)).status).toBe("succeeded");
      return applied;
    };
    // 6,000 new users are three chunks (2,500, 2,500, 1,000), applied in one step, side by side.
    const before = await analyzedAt(db);
    expect(await stepsOf()).toEqual([6_000]);
    // So many new users: the run ends by taking the directory's statistics again (the users page plans with them).
    expect(await analyzedAt(db)).toBeGreaterThan(before);
    expect(await directoryMismatches(db, org.id, ctx.company.employees)).toEqual([]);
    // Each new user written once, manager link included: managers are created first, in an earlier chunk or wave.
    const written = await db
      .select({ created: users.createdAt, updated: users.updatedAt })
      .from(users)
      .where(and(eq(users.organizationId, org.id), isNotNull(users.bamboohrId)));
    expect(written.filter((u) => u.updated.getTime() !== u.created.getTime())).toEqual([]);
    // Titles changed in every chunk: chunks of changes apply in order, one per step.
    for (const e of ctx.company.employees.filter((_, i) => i % 2 === 0))
      ctx.emu.updateEmployee(ctx.domain, e.id, { jobTitle: `Lead ${e.id}` });
    expect(await stepsOf()).toEqual([2_500, 500]);
    expect(await directoryMismatches(db, org.id, ctx.company.employees)).toEqual([]);
    const audit = await db.select({ userId: userChanges.userId }).from(userChanges).where(eq(userChanges.organizationId, org.id));
    expect(audit).toHaveLength(6_000 + 3_000);
  });
});
