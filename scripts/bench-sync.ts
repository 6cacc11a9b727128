import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { and, eq, gte, sql } from "drizzle-orm";
import postgres from "postgres";
import { createOrganizationWithAdmin } from "@/lib/auth/organizations";
import { createBambooClient } from "@/lib/bamboohr/client";
import { generateCompany } from "@/lib/bamboohr/emulator/generator";
import { startEmulator } from "@/lib/bamboohr/emulator/server";
import { openDatabase, type Db } from "@/lib/db/client";
import { departments, userChanges, users } from "@/lib/db/schema";
import { syncOrganization } from "@/lib/sync/pipeline";
import { saveConnection } from "@/lib/sync/settings";

// `npm run bench:sync [-- --pglite] [--sizes 1000,10000,100000]`: a benchmark, not a test. It prints
// time, directory rows written, SQL statements and peak RSS per scenario, and a floor measured in this
// same process (fetch + parse the same report, then one multi-row insert of the same users) as a ratio.
const { values } = parseArgs({ options: { pglite: { type: "boolean", default: false }, sizes: { type: "string", default: "1000,10000,100000" } } });
process.env.ENCRYPTION_KEY ??= "bench:" + Buffer.alloc(32, 3).toString("base64");
process.env.LOG_LEVEL ??= "warn";

let statements = 0;
const logger = { logQuery: () => void statements++ };

async function openBenchDb() {
  if (values.pglite) {
    const dir = await mkdtemp(path.join(tmpdir(), "roster-bench-"));
    const handle = await openDatabase({ pgliteDir: dir, logger });
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator wants its driver's own type
    await migrate(handle.db as any, { migrationsFolder: "drizzle" });
    return { ...handle, cleanup: () => rm(dir, { recursive: true, force: true }) };
  }
  const server = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  await admin.unsafe("drop database if exists roster_bench with (force)");
  await admin.unsafe("create database roster_bench");
  await admin.end();
  const url = new URL(server);
  url.pathname = "/roster_bench";
  const handle = await openDatabase({ url: url.toString(), logger });
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator wants its driver's own type
  await migrate(handle.db as any, { migrationsFolder: "drizzle" });
  return { ...handle, cleanup: async () => {} };
}

async function rowsWrittenSince(db: Db, organizationId: string, since: Date) {
  const [u] = await db.select({ n: sql<number>`count(*)::int` }).from(users).where(and(eq(users.organizationId, organizationId), gte(users.updatedAt, since)));
  const [d] = await db.select({ n: sql<number>`count(*)::int` }).from(departments).where(and(eq(departments.organizationId, organizationId), gte(departments.createdAt, since)));
  const [a] = await db.select({ n: sql<number>`count(*)::int` }).from(userChanges).where(and(eq(userChanges.organizationId, organizationId), gte(userChanges.createdAt, since)));
  return u.n + d.n + a.n;
}

const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main() {
  const { db, close, cleanup, driver } = await openBenchDb();
  const emulator = await startEmulator({ companies: [] });
  console.log(`Sync benchmark on ${driver}, Node ${process.version}`);
  console.log("size     scenario           time      rows written  SQL statements  peak RSS   floor     ratio");
  for (const size of values.sizes!.split(",").map(Number)) {
    const domain = `bench${size}`;
    const company = generateCompany({ domain, size, seed: 11 });
    emulator.addCompany(company);
    const { organization } = await createOrganizationWithAdmin(db, { organizationName: `Bench ${size}`, email: `bench${size}@example.test`, password: "benchmark-password" });
    await saveConnection(db, organization.id, { subdomain: domain, apiKey: company.keys[0].key });
    const opts = { overrides: { baseUrl: emulator.url } };

    // The floor: what any sync of this size must at least do.
    let t = performance.now();
    const snapshot = await createBambooClient({ subdomain: domain, apiKey: company.keys[0].key, baseUrl: emulator.url }).fetchEmployees();
    const fetchMs = performance.now() - t;
    const { organization: scratch } = await createOrganizationWithAdmin(db, { organizationName: `Floor ${size}`, email: `floor${size}@example.test`, password: "benchmark-password" });
    t = performance.now();
    for (let i = 0; i < snapshot.employees.length; i += 1000) {
      await db.insert(users).values(snapshot.employees.slice(i, i + 1000).map((e) => ({
        organizationId: scratch.id, email: e.workEmail ?? `${e.id}@x.test`, firstName: e.firstName ?? "", lastName: e.lastName ?? "",
        employeeId: e.employeeNumber, title: e.jobTitle, phone: e.workPhone, location: e.city, bamboohrId: e.id, source: "bamboohr" as const,
      })));
    }
    const floor = fetchMs + (performance.now() - t);

    const scenario = async (name: string) => {
      const since = new Date();
      statements = 0;
      const t0 = performance.now();
      const outcome = await syncOrganization(db, { organizationId: organization.id, trigger: "cli" }, opts);
      const ms = performance.now() - t0;
      const sqlCount = statements;
      if (outcome.status !== "succeeded" && outcome.status !== "succeeded_with_errors") throw new Error(`${name}: ${outcome.status} ${outcome.error ?? ""}`);
      const rows = await rowsWrittenSince(db, organization.id, since);
      console.log(`${String(size).padEnd(8)} ${name.padEnd(18)} ${fmt(ms).padEnd(9)} ${String(rows).padEnd(13)} ${String(sqlCount).padEnd(15)} ${`${rssMb()} MB`.padEnd(10)} ${fmt(floor).padEnd(9)} ${(ms / floor).toFixed(1)}x`);
    };
    await scenario("first sync");
    await scenario("unchanged re-sync");
    const step = 100;
    for (let i = 0; i < company.employees.length; i += step) {
      emulator.updateEmployee(domain, company.employees[i].id, { jobTitle: `Changed ${i}` });
    }
    await scenario("1% changed");
  }
  await emulator.close();
  await close();
  await cleanup();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
