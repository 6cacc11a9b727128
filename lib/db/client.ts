import path from "node:path";
import type { ExtractTablesWithRelations, Logger } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { env } from "@/lib/env";
import { withStatementDeadline } from "./deadline";
import { countingInFlight } from "./in-flight";
import { retryingOnceAfterRestart } from "./reconnect";
import * as schema from "./schema";

type Schema = typeof schema;
// One query API over both drivers (postgres.js and PGlite): transactions are Db too.
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

type Handle = { db: Db; driver: "postgres" | "pglite"; close: () => Promise<void> };

const globalForDb = globalThis as unknown as { __rosterDb?: Promise<Handle>; __rosterBackgroundDb?: Promise<Handle> };

type OpenOptions = {
  url?: string;
  pgliteDir?: string;
  logger?: Logger;
  maxConnections?: number;
  /** PostgreSQL: how long a statement outside a transaction may go unanswered (none when unset). */
  statementDeadlineMs?: number;
  /** PostgreSQL: the pool's name in the metrics. */
  pool?: string;
};

/** A page's statements answer in milliseconds; past this the database is taken as unreachable, and the page says so. */
const PAGE_STATEMENT_DEADLINE_MS = 5_000;

export async function openDatabase(opts: OpenOptions = {}): Promise<Handle> {
  if (opts.url) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const url = opts.url;
    const connect = () => {
      // A connection attempt that hangs (a server in the middle of a restart) gives up sooner than postgres.js would.
      const sql = postgres(url, { max: opts.maxConnections ?? 10, connect_timeout: 10, onnotice: () => {} });
      const client = countingInFlight(retryingOnceAfterRestart(sql), opts.pool ?? "other");
      const bounded = opts.statementDeadlineMs ? withStatementDeadline(client, opts.statementDeadlineMs) : client;
      return { sql, db: drizzle(bounded, { schema, logger: opts.logger }) as unknown as Db };
    };
    let current = connect();
    // Every use goes to the current pool, so that `renewConnections` can replace one a database restart left broken.
    const db = new Proxy({} as Db, {
      get: (_target, prop) => {
        const value = Reflect.get(current.db, prop);
        return typeof value === "function" ? value.bind(current.db) : value;
      },
    });
    renewals.set(db, async () => {
      const old = current.sql;
      current = connect();
      await old.end({ timeout: 1 }).catch(() => {});
    });
    return { db, driver: "postgres", close: () => current.sql.end() };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  // The directory's search index uses trigrams (a migration creates the extension).
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { drizzle } = await import("drizzle-orm/pglite");
  const dir = opts.pgliteDir ?? "memory://";
  if (!dir.startsWith("memory://")) {
    const { mkdirSync } = await import("node:fs");
    mkdirSync(dir, { recursive: true });
  }
  const client = new PGlite(dir, { extensions: { pg_trgm } });
  await client.waitReady;
  const db = drizzle(client, { schema, logger: opts.logger });
  if (dir.startsWith("memory://")) {
    // An in-memory database is always new (tests): bring it to the current schema at once.
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(db, { migrationsFolder: path.join(process.cwd(), "drizzle") });
  }
  return { db: db as unknown as Db, driver: "pglite", close: () => client.close() };
}

const renewals = new WeakMap<Db, () => Promise<void>>();

/**
 * After the database came back from a restart: a new pool of connections for this handle (postgres.js 3.4.9 can keep
 * a connection that times out on every use after an outage). Statements in flight on the old pool get a second to
 * end. Nothing to do on PGlite.
 */
export async function renewConnections(db: Db): Promise<void> {
  await renewals.get(db)?.();
}

/**
 * The process-wide database of pages and requests: postgres.js when DATABASE_URL is set (each statement bounded in
 * time), PGlite in PGLITE_DIR otherwise. Syncs run on `getBackgroundDb()`, where a long statement is normal.
 */
export function getDatabase(): Promise<Handle> {
  if (!globalForDb.__rosterDb) {
    const e = env();
    globalForDb.__rosterDb = openDatabase({
      url: e.DATABASE_URL,
      pgliteDir: e.PGLITE_DIR ?? path.join(e.ROSTER_DATA_DIR, "pglite"),
      statementDeadlineMs: PAGE_STATEMENT_DEADLINE_MS,
      pool: "web",
    });
    globalForDb.__rosterDb.catch(() => (globalForDb.__rosterDb = undefined));
  }
  return globalForDb.__rosterDb;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

/**
 * The database for work in the background of the web process (an in-process sync): on PostgreSQL its own small
 * pool, so that many page loads cannot queue ahead of a sync's statements, nor a sync hold the pages' connections.
 * PGlite is one connection whatever asks, so it is the same handle.
 */
export async function getBackgroundDb(): Promise<Db> {
  const e = env();
  if (!e.DATABASE_URL) return getDb();
  if (!globalForDb.__rosterBackgroundDb) {
    globalForDb.__rosterBackgroundDb = openDatabase({ url: e.DATABASE_URL, maxConnections: 3, pool: "background" });
    globalForDb.__rosterBackgroundDb.catch(() => (globalForDb.__rosterBackgroundDb = undefined));
  }
  return (await globalForDb.__rosterBackgroundDb).db;
}

export async function closeDatabase(): Promise<void> {
  const handles = [globalForDb.__rosterDb, globalForDb.__rosterBackgroundDb];
  globalForDb.__rosterDb = undefined;
  globalForDb.__rosterBackgroundDb = undefined;
  for (const handle of handles) if (handle) await (await handle).close();
}
