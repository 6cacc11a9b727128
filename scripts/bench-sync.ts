import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { and, eq, gte, sql } from "drizzle-orm";
import postgres from "postgres";
import { createOrganizationWithAdmin } from "@/lib/auth/organizations";
import { createBambooClient } from "@/lib/bamboohr/client";
import { generateCompany } from "@/lib/bamboohr/emulator/generator";
import { openDatabase, type Db } from "@/lib/db/client";
import { departments, userChanges, users } from "@/lib/db/schema";
import { syncOrganization } from "@/lib/sync/pipeline";
import { saveConnection } from "@/lib/integrations/connection";

// `npm run bench:sync [-- --pglite] [--sizes 1000,10000,100000]`: a benchmark, not a test. It prints
// time, directory rows written, SQL statements and peak RSS per scenario, and a floor measured in this
// same process (fetch + parse the same report, then one multi-row insert of the same users) as a ratio.
const { values } = parseArgs({
  options: { pglite: { type: "boolean", default: false }, sizes: { type: "string", default: "1000,10000,100000" } },
});
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
  const [u] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.organizationId, organizationId), gte(users.updatedAt, since)));
  const [d] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(departments)
    .where(and(eq(departments.organizationId, organizationId), gte(departments.createdAt, since)));
  const [a] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(userChanges)
    .where(and(eq(userChanges.organizationId, organizationId), gte(userChanges.createdAt, since)));
  return u.n + d.n + a.n;
}

const EMULATOR_PORT = 4099;
const KEY = "bench-key";

/** The emulator CLI (same seed, so the same company as `generateCompany` here), ready when it prints its URL. */
function startEmulatorProcess(domain: string, size: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "lib/bamboohr/emulator/cli.ts",
      "--port",
      String(EMULATOR_PORT),
      "--domain",
      domain,
      "--key",
      KEY,
      "--employees",
      String(size),
      "--seed",
      "11",
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("listening")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
}

/**
 * The floor: what any sync of this size must at least do (fetch + parse the report, one multi-row insert
 * of the same users). Its own function, so the snapshot it holds is garbage before the syncs run.
 */
async function measureFloor(db: Db, domain: string, size: number, baseUrl: string): Promise<number> {
  let t = performance.now();
  const snapshot = await createBambooClient({ subdomain: domain, apiKey: KEY, baseUrl }).fetchEmployees();
  const fetchMs = performance.now() - t;
  const { organization: scratch } = await createOrganizationWithAdmin(db, {
    organizationName: `Floor ${size}`,
    email: `floor${size}@example.test`,
    password: "benchmark-password",
  });
  t = performance.now();
  for (let i = 0; i < snapshot.employees.length; i += 1000) {
    await db.insert(users).values(
      snapshot.employees.slice(i, i + 1000).map((e) => ({
        organizationId: scratch.id,
        email: e.workEmail ?? `${e.id}@x.test`,
        firstName: e.firstName ?? "",
        lastName: e.lastName ?? "",
        employeeId: e.employeeNumber,
        title: e.jobTitle,
        phone: e.workPhone,
        location: e.city,
        bamboohrId: e.id,
        source: "bamboohr" as const,
      })),
    );
  }
  return fetchMs + (performance.now() - t);
}

const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main() {
  const { db, close, cleanup, driver } = await openBenchDb();
  // BambooHR runs in its own process, as in production: the RSS printed is the sync's alone.
  const emulatorUrl = `http://127.0.0.1:${EMULATOR_PORT}/api/gateway.php`;
  console.log(`Sync benchmark on ${driver}, Node ${process.version}`);
  console.log("size     scenario           time      rows written  SQL statements  peak RSS   floor     ratio");
  for (const size of values.sizes!.split(",").map(Number)) {
    const domain = `bench${size}`;
    const emulator = await startEmulatorProcess(domain, size);
    const { organization } = await createOrganizationWithAdmin(db, {
      organizationName: `Bench ${size}`,
      email: `bench${size}@example.test`,
      password: "benchmark-password",
    });
    await saveConnection(db, organization.id, { subdomain: domain, apiKey: KEY });
    const opts = { overrides: { baseUrl: emulatorUrl } };

    const floor = await measureFloor(db, domain, size, emulatorUrl);

    const scenario = async (name: string) => {
      const since = new Date();
      statements = 0;
      const t0 = performance.now();
      const outcome = await syncOrganization(db, { organizationId: organization.id, trigger: "cli" }, opts);
      const ms = performance.now() - t0;
      const sqlCount = statements;
      if (outcome.status !== "succeeded" && outcome.status !== "succeeded_with_errors")
        throw new Error(`${name}: ${outcome.status} ${outcome.error ?? ""}`);
      const rows = await rowsWrittenSince(db, organization.id, since);
      console.log(
        `${String(size).padEnd(8)} ${name.padEnd(18)} ${fmt(ms).padEnd(9)} ${String(rows).padEnd(13)} ${String(sqlCount).padEnd(15)} ${`${rssMb()} MB`.padEnd(10)} ${fmt(floor).padEnd(9)} ${(ms / floor).toFixed(1)}x`,
      );
    };
    await scenario("first sync");
    await scenario("unchanged re-sync");
    // 1% of the people, by the generator's internal ids (100, 103, 106, ...).
    const updates = Array.from({ length: Math.ceil(size / 100) }, (_, i) => ({
      id: String(100 + i * 100 * 3),
      patch: { jobTitle: `Changed ${i}` },
    }));
    await fetch(`http://127.0.0.1:${EMULATOR_PORT}/__emulator/update-employees`, {
      method: "POST",
      body: JSON.stringify({ domain, updates }),
    });
    await scenario("1% changed");
    emulator.kill("SIGTERM");
    await new Promise((resolve) => emulator.once("exit", resolve));
  }
  await close();
  await cleanup();
  // Last, so that its memory does not count in the sync's peak RSS above.
  const t = performance.now();
  generateCompany({ domain: "gen", size: 100_000 });
  console.log(`Emulator data: 100,000 employees generated in ${Math.round(performance.now() - t)} ms`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
