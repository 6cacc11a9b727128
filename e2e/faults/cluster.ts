import { spawnSync } from "node:child_process";
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { serverDatabaseUrl } from "../support/env";

// The fault suite's own PostgreSQL: a throwaway cluster (initdb into a temporary folder, a free port), which the
// database cases stop and start. The machine's cluster (DATABASE_URL's) is never touched: its postmaster start time
// is read before and after the suite, and a change fails the run.

/** PostgreSQL's programs: PG_BIN, else the newest of Debian's versions, else the PATH. */
function binary(name: string): string {
  if (process.env.PG_BIN) return path.join(process.env.PG_BIN, name);
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(path.join(root, v, "bin", name))) return path.join(root, v, "bin", name);
  return name;
}

/** initdb and postgres refuse root: as root, they run as the `postgres` user. */
function run(name: string, args: string[]) {
  const asRoot = process.getuid?.() === 0;
  const [cmd, all] = asRoot ? ["runuser", ["-u", "postgres", "--", binary(name), ...args]] : [binary(name), args];
  const result = spawnSync(cmd, all, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${name} ${args.join(" ")} failed: ${result.stderr || result.stdout || result.error}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Stops or starts the suite's cluster (the database-restart case), or freezes and thaws it: every PostgreSQL process
 * of it paused (SIGSTOP), so that connections open and statements are sent but nothing ever answers.
 */
export function faultsCluster(action: "stop" | "start" | "freeze" | "thaw") {
  const dir = process.env.FAULTS_PG_DIR;
  if (!dir) throw new Error("The fault suite's PostgreSQL is not set up (playwright.faults.config.ts starts it).");
  if (action === "stop") run("pg_ctl", ["-D", dir, "-m", "fast", "-w", "stop"]);
  else if (action === "start") run("pg_ctl", ["-D", dir, "-l", path.join(dir, "server.log"), "-w", "start"]);
  else {
    const postmaster = readFileSync(path.join(dir, "postmaster.pid"), "utf8").split("\n")[0].trim();
    const signal = action === "freeze" ? "-STOP" : "-CONT";
    // The postmaster first when freezing (no new backend starts), last when thawing.
    if (action === "freeze") spawnSync("kill", [signal, postmaster]);
    spawnSync("pkill", [signal, "-P", postmaster]);
    if (action === "thaw") spawnSync("kill", [signal, postmaster]);
  }
}

async function machineStartTime(url: string): Promise<string | null> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    const [row] = await sql<Array<{ at: string }>>`select pg_postmaster_start_time()::text as at`;
    return row.at;
  } catch {
    return null; // no machine cluster to watch
  } finally {
    await sql.end({ timeout: 1 });
  }
}

export async function startFaultsCluster() {
  // Read now: the suite points DATABASE_URL at its own cluster once it runs.
  process.env.FAULTS_MACHINE_DATABASE_URL = serverDatabaseUrl();
  process.env.FAULTS_MACHINE_PG_STARTED = (await machineStartTime(serverDatabaseUrl())) ?? "";
  const dir = mkdtempSync(path.join(tmpdir(), "roster-faults-pg-"));
  if (process.getuid?.() === 0) {
    const uid = Number(spawnSync("id", ["-u", "postgres"], { encoding: "utf8" }).stdout.trim());
    const gid = Number(spawnSync("id", ["-g", "postgres"], { encoding: "utf8" }).stdout.trim());
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  run("initdb", ["-D", dir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]);
  // In the cluster's own configuration, so that the restart case's plain `pg_ctl start` brings it back the same.
  appendFileSync(
    path.join(dir, "postgresql.conf"),
    `\nport = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\nfsync = off\n`,
  );
  process.env.FAULTS_PG_DIR = dir;
  faultsCluster("start");
  process.env.FAULTS_SERVER_DATABASE_URL = `postgres://postgres@127.0.0.1:${port}/postgres`;
}

export async function stopFaultsCluster() {
  const dir = process.env.FAULTS_PG_DIR;
  if (dir) {
    try {
      faultsCluster("stop");
    } catch {
      // already stopped by a failed case
    }
    rmSync(dir, { recursive: true, force: true });
  }
  const before = process.env.FAULTS_MACHINE_PG_STARTED;
  const after = await machineStartTime(process.env.FAULTS_MACHINE_DATABASE_URL!);
  if (before && after !== before)
    throw new Error(`The machine's PostgreSQL was restarted during the fault suite (started ${before}, now ${after ?? "unreachable"}).`);
  if (before) console.log(`  [figure] the machine's PostgreSQL: started ${before}, unchanged after the fault suite`);
}
