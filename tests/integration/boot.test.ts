import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase } from "@/lib/db/client";
import { databaseProblem } from "@/lib/db/readiness";

// Boot and readiness against a real PostgreSQL: throwaway databases on the tests' server (or the local one).
const SERVER = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const SHIPPED = (JSON.parse(readFileSync("drizzle/meta/_journal.json", "utf8")) as { entries: unknown[] }).entries.length;
const created: string[] = [];

async function freshDatabase(): Promise<string> {
  const name = `roster_boot_${Math.random().toString(36).slice(2, 10)}`;
  const admin = postgres(SERVER, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  created.push(name);
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  return url.toString();
}

afterAll(async () => {
  await closeDatabase();
  const admin = postgres(SERVER, { max: 1, onnotice: () => {} });
  for (const name of created) await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
});

/** `npm run db:migrate` in a process of its own (as an instance's boot applies them). */
function migrateInProcess(url: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/db-migrate.ts"], { env: { ...process.env, DATABASE_URL: url } });
    let output = "";
    child.stdout.on("data", (c) => (output += c));
    child.stderr.on("data", (c) => (output += c));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

async function applied(url: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const [row] = await sql<Array<{ n: number }>>`select count(*)::int as n from drizzle.__drizzle_migrations`;
  await sql.end();
  return row.n;
}

describe("[OPS] boot", () => {
  it("two instances booting together apply the migrations once, under the advisory lock", async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([migrateInProcess(url), migrateInProcess(url)]);
    expect([a.code, b.code], `${a.output}\n${b.output}`).toEqual([0, 0]);
    expect(await applied(url)).toBe(SHIPPED);
  });

  it("readiness answers 503 with the reason in each failing state, and 200 when ready", async () => {
    const ready = async () => {
      const { GET } = await import("@/app/api/ready/route");
      const started = Date.now();
      const res = await GET();
      return { status: res.status, body: await res.json(), ms: Date.now() - started };
    };
    // A database this build has not migrated yet.
    const url = await freshDatabase();
    process.env.DATABASE_URL = url;
    expect(await ready()).toMatchObject({
      status: 503,
      body: { status: "not ready", reason: `database migrations not applied (0 of ${SHIPPED})` },
    });
    expect((await migrateInProcess(url)).code).toBe(0);
    expect(await ready()).toMatchObject({ status: 200, body: { status: "ready" } });
    // A configuration the server would refuse.
    const key = process.env.ENCRYPTION_KEY;
    process.env.ENCRYPTION_KEY = "k1:too-short";
    expect(await ready()).toMatchObject({ status: 503, body: { reason: "configuration invalid" } });
    process.env.ENCRYPTION_KEY = key;
    // Stopping (SIGTERM received).
    (globalThis as { __rosterStopping?: boolean }).__rosterStopping = true;
    expect(await ready()).toMatchObject({ status: 503, body: { reason: "shutting down" } });
    delete (globalThis as { __rosterStopping?: boolean }).__rosterStopping;
    // No database at that address: answered within about a second, whatever the database does.
    await closeDatabase();
    process.env.DATABASE_URL = "postgres://postgres@127.0.0.1:9/none";
    const unreachable = await ready();
    expect(unreachable).toMatchObject({ status: 503, body: { reason: "database unreachable" } });
    expect(unreachable.ms).toBeLessThan(2_000);
    // Liveness is the process alone.
    const { GET: health } = await import("@/app/api/health/route");
    expect(await health().json()).toEqual({ status: "ok" });
  });

  it("the embedded database, migrated, is ready too", async () => {
    const embedded = await openDatabase({ pgliteDir: "memory://" });
    expect(await databaseProblem(embedded.db, 1_000)).toBeNull();
    await embedded.close();
  });
});
