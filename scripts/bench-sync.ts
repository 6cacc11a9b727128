import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { and, eq, gte, sql } from "drizzle-orm";
import postgres from "postgres";
import { createOrganizationWithAdmin } from "@/lib/auth/organizations";
import { generateCompany } from "@/lib/bamboohr/emulator/generator";
import { openDatabase, type Db } from "@/lib/db/client";
import { departments, userChanges, users } from "@/lib/db/schema";
import { REPORT_FIELDS } from "@/lib/bamboohr/api-types";
import { runDirectly, runSyncSteps, type StepRunner } from "@/lib/sync/pipeline";
import { startRun } from "@/lib/sync/run/store";
import { storeConnection } from "@/lib/integrations/connection";
import { directoryMismatches } from "@/tests/helpers/directory-check";

// `npm run bench:sync [-- --pglite] [--sizes 1000,10000,100000] [--budget]`: a benchmark, not a test. It prints
// time, directory rows written, SQL statements and peak RSS per scenario, and a floor measured in this
// same process (fetch + parse the same report, then one multi-row insert of the same users) as a ratio.
// Peak RSS (PostgreSQL) is that of a fresh process running the same sync for a second organization: in this
// process, what the floor and the checks held stays resident and would be counted as the sync's.
// With --budget it exits non-zero when a result is past the budget of docs/performance.md.
const { values } = parseArgs({
  options: {
    pglite: { type: "boolean", default: false },
    sizes: { type: "string", default: "1000,10000,100000" },
    budget: { type: "boolean", default: false },
    // Internal: the same sync of a second organization in a fresh process, for its peak RSS.
    memory: { type: "string" },
    org: { type: "string" },
    integration: { type: "string" },
  },
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
    return { ...handle, url: null, cleanup: () => rm(dir, { recursive: true, force: true }) };
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
  return { ...handle, url: url.toString(), cleanup: async () => {} };
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
const EMULATOR_URL = `http://127.0.0.1:${EMULATOR_PORT}/api/gateway.php`;
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

const bambooAuth = { Authorization: "Basic " + Buffer.from(`${KEY}:x`).toString("base64") };

/**
 * One untimed read of the whole report and of a dataset page: a fresh emulator process compiles its serialisers on
 * its first answers, which a real BambooHR does not make anyone wait for. Without it the floor, measured first, took
 * that wait (up to twice its own time on this machine) and flattered every ratio.
 */
async function warmEmulator(domain: string, baseUrl: string) {
  const post = (path: string, body: unknown) =>
    fetch(`${baseUrl}/${domain}/${path}`, {
      method: "POST",
      headers: { Accept: "application/json", "Content-Type": "application/json", ...bambooAuth },
      body: JSON.stringify(body),
    }).then(async (res) => {
      const text = await res.text();
      if (!res.ok) throw new Error(`warm-up ${path}: ${res.status} ${text.slice(0, 200)}`);
    });
  await post("v1/reports/custom?format=JSON&onlyCurrent=true", { title: "warm-up", fields: REPORT_FIELDS });
  await post("v2/datasets/employee/data", { fields: ["employeeNumber", "firstName"], page: 1, pageSize: 1000 });
}

/**
 * The floor, as the issue defines it: the raw minimum any sync of this size does. Fetch the report, JSON.parse it,
 * insert the same rows (15 columns) with postgres.js in multi-row batches of 2,000 (no ORM, no validation), read
 * them back. Its own function, so that what it holds is garbage before the syncs run.
 */
async function measureFloor(url: string | null, domain: string, size: number, baseUrl: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(`${baseUrl}/${domain}/v1/reports/custom?format=JSON&onlyCurrent=true`, {
    method: "POST",
    headers: { Accept: "application/json", "Content-Type": "application/json", ...bambooAuth },
    body: JSON.stringify({ title: "floor", fields: REPORT_FIELDS }),
  });
  const report = JSON.parse(await res.text()) as { employees: Array<Record<string, string | null>> };
  if (!url) return performance.now() - t; // PGlite: the fetch and parse only
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  await sql`create temp table floor_users (id text, employee_id text, email text, first_name text, last_name text, preferred_name text,
    title text, department text, supervisor text, phone text, location text, status text, employment text, termination text, hire text)`;
  const columns = [
    "id",
    "employee_id",
    "email",
    "first_name",
    "last_name",
    "preferred_name",
    "title",
    "department",
    "supervisor",
    "phone",
    "location",
    "status",
    "employment",
    "termination",
    "hire",
  ] as const;
  for (let i = 0; i < report.employees.length; i += 2000) {
    const rows = report.employees.slice(i, i + 2000).map((e) => ({
      id: e.id,
      employee_id: e.employeeNumber,
      email: e.workEmail,
      first_name: e.firstName,
      last_name: e.lastName,
      preferred_name: e.preferredName,
      title: e.jobTitle,
      department: e.department,
      supervisor: e.supervisorEId,
      phone: e.workPhone,
      location: e.city,
      status: e.status,
      employment: e.employmentHistoryStatus,
      termination: e.terminationDate,
      hire: e.hireDate,
    }));
    await sql`insert into floor_users ${sql(rows, columns)}`;
  }
  const back = await sql`select * from floor_users`;
  if (back.length !== size) throw new Error(`floor: read back ${back.length} of ${size}`);
  await sql.end();
  return performance.now() - t;
}

/**
 * On PGlite (one process per database folder), peak memory is this process's resident size sampled every 10 ms
 * while a scenario runs, from a collected heap (`--expose-gc`); what earlier work left resident still counts.
 */
const gc = (globalThis as { gc?: () => void }).gc;
let peakRss = 0;
setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 10).unref();
function startMemory() {
  gc?.();
  peakRss = process.memoryUsage().rss;
}
const rssMb = () => Math.round(Math.max(peakRss, process.memoryUsage().rss) / 1024 / 1024);
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** In a fresh process: one sync of the memory organization; prints the process's peak RSS. */
async function memoryRun(url: string) {
  const handle = await openDatabase({ url });
  const started = await startRun(handle.db, { organizationId: values.org!, integrationId: values.integration!, trigger: "cli" });
  if (!started.started) throw new Error(started.reason);
  const { status } = await runSyncSteps(handle.db, started.runId, runDirectly, { overrides: { baseUrl: EMULATOR_URL } });
  const rss = Math.round(process.resourceUsage().maxRSS / 1024);
  await handle.close();
  console.log(`RESULT ${JSON.stringify({ status, rss })}`);
}

/** The peak RSS (MB) of a fresh Node process running the same scenario for the memory organization. */
function peakRssOfFreshRun(url: string, org: string, integration: string): Promise<number> {
  const child = spawn(
    process.execPath,
    [...process.execArgv, process.argv[1], "--memory", url, "--org", org, "--integration", integration],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let out = "";
  child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.once("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("RESULT "));
      const result = line ? (JSON.parse(line.slice(7)) as { status: string; rss: number }) : null;
      if (code !== 0 || !result || !result.status.startsWith("succeeded")) reject(new Error(`memory run: ${code} ${result?.status}`));
      else resolve(result.rss);
    }),
  );
}

/** docs/performance.md's budget: ratios to the floor measured in the same run, and peak RSS (MB), per size. */
const BUDGET: Record<number, { first: number; resync: number; rss?: number }> = {
  10_000: { first: 4, resync: 1.5 },
  100_000: { first: 4, resync: 1.5, rss: 450 },
};
const overBudget: string[] = [];
function checkBudget(size: number, scenario: string, ratio: number, rss: number) {
  const budget = BUDGET[size];
  if (!budget) return;
  const limit = scenario === "first sync" ? budget.first : budget.resync;
  if (ratio > limit) overBudget.push(`${size} ${scenario}: ${ratio.toFixed(2)}x the floor (budget ${limit}x)`);
  if (budget.rss && rss > budget.rss) overBudget.push(`${size} ${scenario}: peak RSS ${rss} MB (budget ${budget.rss} MB)`);
}

async function main() {
  const { db, close, cleanup, driver, url: databaseUrl } = await openBenchDb();
  // BambooHR runs in its own process, as in production: the RSS printed is the sync's alone.
  const emulatorUrl = EMULATOR_URL;
  console.log(
    `Sync benchmark on ${driver}, Node ${process.version}${gc ? "" : " (run with --expose-gc: peaks then include earlier garbage)"}`,
  );
  console.log("size     scenario           time      rows written  SQL statements  peak RSS   floor     ratio");
  for (const size of values.sizes!.split(",").map(Number)) {
    const domain = `bench${size}`;
    const emulator = await startEmulatorProcess(domain, size);
    const { organization } = await createOrganizationWithAdmin(db, {
      organizationName: `Bench ${size}`,
      email: `bench${size}@example.test`,
      password: "benchmark-password",
    });
    const { id: integrationId } = await storeConnection(db, organization.id, { subdomain: domain, apiKey: KEY });
    const opts = { overrides: { baseUrl: emulatorUrl } };
    // The same company for a second organization, synced in fresh processes for their peak RSS.
    const twin = await createOrganizationWithAdmin(db, {
      organizationName: `Bench ${size} memory`,
      email: `bench${size}-memory@example.test`,
      password: "benchmark-password",
    });
    const twinIntegration = await storeConnection(db, twin.organization.id, { subdomain: domain, apiKey: KEY });

    await warmEmulator(domain, emulatorUrl);
    startMemory();
    const floor = await measureFloor(databaseUrl, domain, size, emulatorUrl);
    console.log(`${String(size).padEnd(8)} floor              ${fmt(floor).padEnd(9)} ${"".padEnd(29)} ${`${rssMb()} MB`}`);
    // The company as BambooHR has it, for the check after each scenario: made then, so the sync's memory is its own.
    const changedTitles = new Map<string, string>();
    const expected = () => {
      const { employees } = generateCompany({ domain, size, seed: 11 });
      for (const e of employees) e.jobTitle = changedTitles.get(e.id) ?? e.jobTitle;
      return employees;
    };

    const scenario = async (name: string) => {
      const since = new Date();
      statements = 0;
      const steps = new Map<string, number>();
      // Each step timed, apply batches summed: where a regression is.
      const timed: StepRunner = async (id, fn) => {
        const t = performance.now();
        try {
          return await fn();
        } finally {
          const key = id.startsWith("apply-batch") ? "apply" : id;
          steps.set(key, (steps.get(key) ?? 0) + performance.now() - t);
        }
      };
      startMemory();
      const t0 = performance.now();
      const started = await startRun(db, { organizationId: organization.id, integrationId, trigger: "cli" });
      if (!started.started) throw new Error(`${name}: ${started.reason}`);
      const { status } = await runSyncSteps(db, started.runId, timed, opts);
      const ms = performance.now() - t0;
      const sqlCount = statements;
      if (status !== "succeeded" && status !== "succeeded_with_errors") throw new Error(`${name}: ${status}`);
      const rows = await rowsWrittenSince(db, organization.id, since);
      const rss = databaseUrl ? await peakRssOfFreshRun(databaseUrl, twin.organization.id, twinIntegration.id) : rssMb();
      console.log(
        `${String(size).padEnd(8)} ${name.padEnd(18)} ${fmt(ms).padEnd(9)} ${String(rows).padEnd(13)} ${String(sqlCount).padEnd(15)} ${`${rss} MB`.padEnd(10)} ${fmt(floor).padEnd(9)} ${(ms / floor).toFixed(1)}x`,
      );
      checkBudget(size, name, ms / floor, rss);
      console.log(`         steps: ${[...steps].map(([k, v]) => `${k} ${fmt(v)}`).join(" · ")}`);
      const problems = await directoryMismatches(db, organization.id, expected());
      // A faster wrong sync cannot pass for a fast one.
      if (problems.length)
        throw new Error(`directory does not match BambooHR: ${problems.slice(0, 10).join(", ")} (${problems.length} in all)`);
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
    for (const u of updates) changedTitles.set(u.id, u.patch.jobTitle);
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
  if (values.budget) {
    for (const line of overBudget) console.log(`OVER BUDGET: ${line}`);
    console.log(overBudget.length ? `Budget: ${overBudget.length} result(s) over.` : "Budget: every result within.");
    if (overBudget.length) process.exitCode = 1;
  }
}

(values.memory ? memoryRun(values.memory) : main()).catch((error) => {
  console.error(error);
  process.exit(1);
});
