import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { encode } from "next-auth/jwt";
import { and, eq } from "drizzle-orm";
import postgres from "postgres";
import { createOrganizationWithAdmin } from "@/lib/auth/organizations";
import { openSession, SESSION_MAX_MS } from "@/lib/auth/session-store";
import { generateCompany } from "@/lib/bamboohr/emulator/generator";
import { startEmulator } from "@/lib/bamboohr/emulator/server";
import { openDatabase } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { storeConnection } from "@/lib/integrations/connection";
import { enableInstantUpdates } from "@/lib/integrations/instant-updates";
import { syncOrganization } from "@/lib/sync/pipeline";
import { STANDALONE_SERVER, startStandalone } from "@/e2e/support/standalone";

// `npm run bench:revoke [-- --size 100000 --leavers 20]`: a benchmark, not a test. The standalone server (`npm run
// build` first) on its own PostgreSQL database, the BambooHR emulator with `size` employees synced, instant updates on,
// and `leavers` employees signed in. Each in turn is terminated in BambooHR (the emulator posts the signed delivery at
// once) while their browser keeps asking for a page; it prints the time from the delivery to the first refused
// request, then the median and p95. Goal (docs/performance.md): p95 at most 10 s.
const { values } = parseArgs({
  options: {
    size: { type: "string", default: "100000" },
    leavers: { type: "string", default: "20" },
    port: { type: "string", default: "3297" },
  },
});
const SIZE = Number(values.size);
const LEAVERS = Number(values.leavers);
const PORT = Number(values.port);
const APP = `http://127.0.0.1:${PORT}`;
const AUTH_SECRET = "bench-revoke-auth-secret-0123456789-abcdef";
process.env.ENCRYPTION_KEY ??= "bench:" + Buffer.alloc(32, 5).toString("base64");
process.env.LOG_LEVEL ??= "warn";
process.env.APP_URL = APP;

const ms = (n: number) => `${(n / 1000).toFixed(2)} s`;
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

async function freshDatabase(): Promise<string> {
  const server = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  await admin.unsafe("drop database if exists roster_bench_revoke with (force)");
  await admin.unsafe("create database roster_bench_revoke");
  await admin.end();
  const url = new URL(server);
  url.pathname = "/roster_bench_revoke";
  return url.toString();
}

async function waitReady() {
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(`${APP}/api/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("the server did not become ready");
}

/** The session cookie a browser holds after signing in: Auth.js's encrypted token around a server-side session. */
async function cookieFor(db: Awaited<ReturnType<typeof openDatabase>>["db"], user: { id: string; organizationId: string }) {
  const sid = await openSession(db, { userId: user.id, organizationId: user.organizationId }, "bench:revoke");
  const salt = "authjs.session-token";
  const token = { sub: user.id, userId: user.id, organizationId: user.organizationId, role: "member", sid };
  return `${salt}=${await encode({ token, secret: AUTH_SECRET, salt, maxAge: SESSION_MAX_MS / 1000 })}`;
}

/** Whether a page opens with this cookie (a refused session is sent to the sign-in page). */
const opens = async (cookie: string) => (await fetch(`${APP}/people`, { headers: { cookie }, redirect: "manual" })).status === 200;

async function main() {
  if (!existsSync(STANDALONE_SERVER)) throw new Error(`${STANDALONE_SERVER} is missing: run npm run build first.`);
  const databaseUrl = await freshDatabase();
  const company = generateCompany({ domain: "revokeco", size: SIZE, keys: [{ key: "bench-revoke-key" }] });
  const emulator = await startEmulator({ companies: [company], webhookRetryMs: 1_000 });
  const app = startStandalone(PORT, {
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    AUTH_SECRET,
    AUTH_TRUST_HOST: "true",
    ENCRYPTION_KEY: process.env.ENCRYPTION_KEY,
    APP_URL: APP,
    BAMBOOHR_BASE_URL: emulator.url,
    LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
  });
  app.stderr?.on("data", (chunk: Buffer) => process.stderr.write(chunk));
  const handle = await openDatabase({ url: databaseUrl });
  try {
    await waitReady();
    const db = handle.db;
    const { organization } = await createOrganizationWithAdmin(db, {
      organizationName: "Revoke Co",
      email: "admin@revokeco.test",
      password: "bench-revoke-password-1",
    });
    await storeConnection(db, organization.id, { subdomain: "revokeco", apiKey: "bench-revoke-key" });
    const overrides = { baseUrl: emulator.url };
    let started = Date.now();
    const first = await syncOrganization(db, { organizationId: organization.id, trigger: "manual" }, { overrides });
    console.log(`first sync of ${SIZE} employees: ${first.status} in ${ms(Date.now() - started)}`);
    const enabled = await enableInstantUpdates(db, organization.id, overrides);
    if (!enabled.ok) throw new Error(`instant updates: ${enabled.error}`);

    const active = company.employees.filter((e) => e.status === "Active" && !e.terminationDate).slice(100, 100 + LEAVERS);
    const latencies: number[] = [];
    for (const employee of active) {
      const [user] = await db
        .select({ id: users.id, organizationId: users.organizationId, active: users.active })
        .from(users)
        .where(and(eq(users.organizationId, organization.id), eq(users.bamboohrId, employee.id)));
      if (!user?.active) throw new Error(`employee ${employee.id} is not an active user`);
      const cookie = await cookieFor(db, user);
      if (!(await opens(cookie))) throw new Error("a fresh session was refused: the cookie is not what the server expects");
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      started = Date.now();
      emulator.updateEmployee("revokeco", employee.id, { status: "Inactive", terminationDate: yesterday });
      while (await opens(cookie)) {
        if (Date.now() - started > 120_000) throw new Error(`employee ${employee.id} was not locked out within 2 minutes`);
        await new Promise((r) => setTimeout(r, 100));
      }
      latencies.push(Date.now() - started);
      console.log(`leaver ${latencies.length}: refused ${ms(latencies.at(-1)!)} after the delivery`);
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    console.log(
      `time to revoke, ${LEAVERS} leavers among ${SIZE} people: median ${ms(quantile(sorted, 0.5))}, p95 ${ms(quantile(sorted, 0.95))}, max ${ms(sorted.at(-1)!)} (goal: p95 <= 10 s)`,
    );
  } finally {
    app.kill("SIGTERM");
    await handle.close();
    await emulator.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
