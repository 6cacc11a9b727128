import { and, eq, sql } from "drizzle-orm";
import { pgTable, varchar } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db/client";
import { userChanges } from "@/lib/db/schema";
import { fieldsOf, SYNCED_FIELDS } from "@/lib/sync/fields";
import { runDirectly, runSyncSteps } from "@/lib/sync/pipeline";
import { startRun } from "@/lib/sync/run/store";
import { emulatedCompany, fastRetry } from "../helpers/emulator";
import { connect, createOrg } from "../helpers/factories";

// A field added to the catalogue, and nowhere else, is planned, written, compared and audited: the column of a
// migration is the only other thing a new field needs.
const office = pgTable("users", { office: varchar("office", { length: 20 }) }).office;
const WITH_OFFICE = fieldsOf({ ...SYNCED_FIELDS, office: { column: office, source: "location", label: "Office", compared: true } });

describe("[SYNC] the field catalogue", () => {
  it("a field added to a copy of the catalogue flows through plan, apply and audit with no other edit", async () => {
    const { db, close } = await openDatabase({ pgliteDir: "memory://" });
    try {
      await db.execute(sql`alter table users add column office varchar(20)`);
      const ctx = await emulatedCompany({ size: 12, seed: 5 });
      const [first, second] = ctx.company.employees;
      ctx.emu.updateEmployee(ctx.domain, first.id, { location: "Lisbon" });
      ctx.emu.updateEmployee(ctx.domain, second.id, { location: "An office whose name is far too long" });
      const { org } = await createOrg(db);
      const integration = await connect(db, org.id, { subdomain: ctx.domain, apiKey: ctx.key });
      const sync = async () => {
        const started = await startRun(db, { organizationId: org.id, integrationId: integration.id, trigger: "manual" });
        if (!started.started) throw new Error(started.reason);
        const options = { overrides: { baseUrl: ctx.emu.url, retry: fastRetry }, fields: WITH_OFFICE, today: "2026-06-15" };
        await runSyncSteps(db, started.runId, runDirectly, options);
        return started.runId;
      };
      const officeOf = async (bamboohrId: string) => {
        const result = await db.execute(sql`select office from users where organization_id = ${org.id} and bamboohr_id = ${bamboohrId}`);
        const rows = (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as Array<{ office: string | null }>;
        return rows[0]?.office;
      };
      const auditOf = async (runId: string, userAction: "create" | "update") =>
        db
          .select({ changes: userChanges.changes })
          .from(userChanges)
          .where(and(eq(userChanges.runId, runId), eq(userChanges.action, userAction)));

      const created = await sync();
      expect(await officeOf(first.id)).toBe("Lisbon");
      // Its maximum length comes from its column: a longer value is reported, not truncated, and the record skipped.
      expect(await officeOf(second.id)).toBeUndefined();
      const creates = await auditOf(created, "create");
      expect(creates.map((c) => c.changes.office).filter(Boolean)).toContainEqual({ from: null, to: "Lisbon" });

      ctx.emu.updateEmployee(ctx.domain, first.id, { location: "Porto" });
      const updated = await sync();
      expect(await officeOf(first.id)).toBe("Porto");
      expect(await auditOf(updated, "update")).toEqual([{ changes: { office: { from: "Lisbon", to: "Porto" } } }]);
    } finally {
      await close();
    }
  });
});
