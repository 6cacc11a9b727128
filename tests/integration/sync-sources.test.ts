import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { syncRuns, userChanges } from "@/lib/db/schema";
import { updateSettings } from "@/lib/integrations/connection";
import { usersOf } from "../helpers/factories";
import { connectedOrg, type ConnectOptions } from "../helpers/connected-org";

async function setup(options: ConnectOptions = {}) {
  const s = await connectedOrg(options);
  return { ...s, sync: () => s.sync(), integration: s.reload };
}

describe("[SYNC] which BambooHR API a full sync reads", () => {
  it("reads through the Datasets API, paged, and says so; the directory is the same as through a report", async () => {
    const s = await setup({ size: 2_600 });
    const outcome = await s.sync();
    expect(outcome.status).toBe("succeeded");
    expect((await s.integration()).employeeSource).toBe("datasets");
    expect(s.emu.requests.filter((r) => r.company === s.domain && r.path.endsWith("employee/data"))).toHaveLength(3);
    expect((await usersOf(s.db, s.org.id)).filter((u) => u.bamboohrId)).toHaveLength(2_600);
  });

  it("falls back to custom reports when the key cannot use datasets, and says so", async () => {
    const s = await setup({ size: 30, mutate: (c) => (c.keys[0].datasets = false) });
    expect((await s.sync()).status).toBe("succeeded");
    expect((await s.integration()).employeeSource).toBe("reports");
    expect((await usersOf(s.db, s.org.id)).filter((u) => u.bamboohrId)).toHaveLength(30);
  });

  it("a page that fails mid-way fails the run and applies nothing of the pages already read", async () => {
    const s = await setup({ size: 3_200 });
    s.emu.injectFault(s.domain, { type: "server_error", status: 503 }, 50, { path: "datasets/employee/data", page: 3 });
    const failed = await s.sync();
    expect(failed.status).toBe("failed");
    const [run] = await s.db.select().from(syncRuns).where(eq(syncRuns.id, failed.runId!));
    expect(run.errorKind).toBe("server_error");
    expect(await usersOf(s.db, s.org.id)).toHaveLength(1); // the admin only
    expect(await s.db.select().from(userChanges).where(eq(userChanges.runId, failed.runId!))).toEqual([]);
    s.emu.clearFaults(s.domain);
    expect((await s.sync()).status).toBe("succeeded");
    expect((await usersOf(s.db, s.org.id)).filter((u) => u.bamboohrId)).toHaveLength(3_200);
  });

  it("a new API key tries the Datasets API again", async () => {
    const s = await setup({ size: 10, mutate: (c) => (c.keys[0].datasets = false) });
    await s.sync();
    expect((await s.integration()).employeeSource).toBe("reports");
    s.emu.setKey(s.domain, { key: `${s.key}-new` });
    await updateSettings(s.db, s.org.id, { apiKey: `${s.key}-new`, activationBlocklist: [], notificationEmails: [], safeguardPercent: 20 });
    expect((await s.integration()).employeeSource).toBeNull();
    await s.sync();
    expect((await s.integration()).employeeSource).toBe("datasets");
  });
});
