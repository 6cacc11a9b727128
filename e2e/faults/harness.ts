import { spawn, type ChildProcess } from "node:child_process";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { desc, eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { createOrganizationWithAdmin } from "@/lib/auth/organizations";
import { generateCompany } from "@/lib/bamboohr/emulator/generator";
import { getDb } from "@/lib/db/client";
import { integrations, syncRuns, type SyncRun } from "@/lib/db/schema";
import { storeConnection } from "@/lib/integrations/connection";
import { E2E_AUTH_SECRET, E2E_ENCRYPTION_KEY } from "../support/env";
import { startStandalone } from "../support/standalone";
import { withHeapLimit } from "@/lib/heap-limit";

// The fault-injection suite's processes: the standalone server (one or two instances) on its own PostgreSQL database and the
// BambooHR emulator in its own process, each started, killed and restarted by the cases.

const DB_NAME = "roster_faults";
// The suite's own cluster (global-setup.ts), whose address its workers inherit; DATABASE_URL then points at the
// faults database in it.
const SERVER_URL = process.env.FAULTS_SERVER_DATABASE_URL!;
export const FAULTS_DB_URL = (() => {
  const url = new URL(SERVER_URL);
  url.pathname = `/${DB_NAME}`;
  return url.toString();
})();
process.env.DATABASE_URL = FAULTS_DB_URL;
process.env.ENCRYPTION_KEY = E2E_ENCRYPTION_KEY;

export const DOMAIN = "faults";
export const KEY = "faults-key-0123456789";
const EMULATOR_PORT = 4060;
const SEED = 5;
export const ADMIN_PASSWORD = "fault-injection-password";

/** A figure the case measured, printed for the log (the issue asks each case to print its own). */
export function figure(label: string, value: string) {
  console.log(`  [figure] ${label}: ${value}`);
}

function waitForLine(child: ChildProcess, pattern: RegExp, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      if (pattern.test(chunk.toString())) resolve();
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${what} exited with ${code}`)));
  });
}

export class Emulator {
  private child: ChildProcess | null = null;
  readonly url = `http://127.0.0.1:${EMULATOR_PORT}/api/gateway.php`;
  constructor(readonly employees: number) {}

  /** The same company the emulator serves (same generator, same seed), for checking the directory. */
  company() {
    return generateCompany({ domain: DOMAIN, size: this.employees, seed: SEED });
  }

  async start() {
    const args = [
      "--port",
      String(EMULATOR_PORT),
      "--domain",
      DOMAIN,
      "--key",
      KEY,
      "--employees",
      String(this.employees),
      "--seed",
      String(SEED),
    ];
    this.child = spawn(process.execPath, ["--import", "tsx", "lib/bamboohr/emulator/cli.ts", ...args], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    await waitForLine(this.child, /listening/, "the emulator");
  }

  async control(action: string, body: Record<string, unknown>) {
    const res = await fetch(`http://127.0.0.1:${EMULATOR_PORT}/__emulator/${action}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ domain: DOMAIN, ...body }),
    });
    if (!res.ok) throw new Error(`emulator ${action}: ${res.status}`);
  }

  async stop() {
    if (!this.child || this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child!.once("exit", resolve));
    this.child.kill("SIGKILL");
    await exited;
  }
}

/** One standalone server of the production build (as `npm start` runs it), on the faults database. */
export class App {
  private child: ChildProcess | null = null;
  private output: string[] = [];
  readonly url: string;

  constructor(
    readonly port: number,
    private readonly emulator: Emulator,
    private readonly env: Record<string, string> = {},
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  async start() {
    this.output = [];
    this.child = startStandalone(
      this.port,
      {
        ...withHeapLimit(process.env),
        NODE_ENV: "production",
        DATABASE_URL: FAULTS_DB_URL,
        AUTH_SECRET: E2E_AUTH_SECRET,
        AUTH_TRUST_HOST: "true",
        ENCRYPTION_KEY: E2E_ENCRYPTION_KEY,
        BAMBOOHR_BASE_URL: this.emulator.url,
        APP_URL: this.url,
        SETUP_TOKEN: "faults-setup-token-0123456789",
        NEXT_TELEMETRY_DISABLED: "1",
        INNGEST_DEV: "",
        INNGEST_EVENT_KEY: "",
        ...this.env,
      },
      ["ignore", "pipe", "pipe"],
    );
    for (const stream of [this.child.stdout!, this.child.stderr!]) stream.on("data", (c: Buffer) => this.output.push(c.toString()));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`next start exited with ${this.child.exitCode}:\n${this.log()}`);
      try {
        await fetch(`${this.url}/api/health`);
        return;
      } catch {
        await sleep(200);
      }
    }
    throw new Error(`next start did not answer within a minute:\n${this.log()}`);
  }

  log() {
    return this.output.join("");
  }

  /** On a failed case, the server's output goes with the report. */
  async attachLogIfFailed(testInfo: TestInfo) {
    if (testInfo.status === testInfo.expectedStatus) return;
    await testInfo.attach(`next start :${this.port}`, { body: this.log(), contentType: "text/plain" });
    console.log(`--- next start :${this.port}, last lines ---\n${this.log().slice(-4000)}`);
  }

  /** The server's process id (for its CPU time). */
  pid(): number {
    return this.child!.pid!;
  }

  /** Closes our end of the server's stdout and stderr, as a log collector that restarts does: its writes get EPIPE. */
  closeOutput() {
    this.child!.stdout!.destroy();
    this.child!.stderr!.destroy();
  }

  /** SIGKILL by default: the process gets no chance to clean up, as in a crash or a forced redeploy. */
  async kill(signal: NodeJS.Signals = "SIGKILL") {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child!.once("exit", resolve));
    this.child.kill(signal);
    await exited;
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A new, empty faults database (the app migrates it when it boots). */
export async function freshDatabase() {
  const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
  await admin.unsafe(`create database ${DB_NAME}`);
  await admin.end();
}

let orgCount = 0;
/** An organization with an admin, connected to the emulator's company, with an address for its e-mails. */
export async function connectedOrganization() {
  const db = await getDb();
  const n = ++orgCount;
  const email = `admin${n}-${Date.now()}@faults.test`;
  const { organization } = await createOrganizationWithAdmin(db, { organizationName: `Faults ${n}`, email, password: ADMIN_PASSWORD });
  const integration = await storeConnection(db, organization.id, { subdomain: DOMAIN, apiKey: KEY });
  await db
    .update(integrations)
    .set({ notificationEmails: ["it@faults.test"] })
    .where(eq(integrations.id, integration.id));
  return { organizationId: organization.id, integrationId: integration.id, email };
}

const watched = new WeakSet<Page>();
export async function signIn(page: Page, app: App, email: string) {
  if (!watched.has(page)) page.on("pageerror", (error) => console.log(`  [browser error] ${error.message}`));
  watched.add(page);
  await page.goto(`${app.url}/login`);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
}

export async function pressSyncNow(page: Page, app: App) {
  await page.goto(`${app.url}/admin/integrations`);
  await page.getByRole("button", { name: "Sync now" }).click();
}

/** The integration's runs, newest first; a database that is away for a moment is asked again. */
export async function runsOf(integrationId: string): Promise<SyncRun[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      const db = await getDb();
      return await db.select().from(syncRuns).where(eq(syncRuns.integrationId, integrationId)).orderBy(desc(syncRuns.startedAt));
    } catch (error) {
      if (attempt > 100) throw error;
      await sleep(300);
    }
  }
}

/** Polls until the newest run satisfies `done`; returns it and how long it took. */
export async function waitForRun(integrationId: string, done: (run: SyncRun) => boolean, timeoutMs = 120_000, everyMs = 50) {
  const started = Date.now();
  for (;;) {
    const [run] = await runsOf(integrationId);
    if (run && done(run)) return { run, ms: Date.now() - started };
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting; newest run: ${JSON.stringify(run ?? null)}`);
    await sleep(everyMs);
  }
}

/** The organization's BambooHR users, and the fewest and most "create" audit rows any of them has (once is right). */
export async function createAuditsPerUser(organizationId: string) {
  const db = await getDb();
  const rows = await db.execute<{ users: number; most: number; least: number }>(sql`
    select count(*)::int as users, coalesce(max(c.n), 0)::int as most, coalesce(min(coalesce(c.n, 0)), 0)::int as least from users u
    left join (select user_id, count(*) as n from user_changes where action = 'create' group by user_id) c on c.user_id = u.id
    where u.organization_id = ${organizationId} and u.bamboohr_id is not null`);
  const [row] = rows as unknown as Array<{ users: number; most: number; least: number }>;
  return row;
}

/** A case's processes: a fresh database, the emulator, then the apps; their output on a failure; all stopped after. */
export function withProcesses(emulator: Emulator, ...apps: App[]) {
  test.beforeAll(async () => {
    await freshDatabase();
    await emulator.start();
    for (const app of apps) await app.start();
  });
  test.afterEach(async ({}, testInfo) => {
    for (const app of apps) await app.attachLogIfFailed(testInfo);
  });
  test.afterAll(async () => {
    await Promise.all(apps.map((app) => app.kill()));
    await emulator.stop();
  });
}
