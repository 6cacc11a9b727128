import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { E2E_AUTH_SECRET, E2E_ENCRYPTION_KEY, serverDatabaseUrl } from "./support/env";

// Docker cannot run here: the image's entrypoint runs instead, exactly as the Dockerfile's last stage states it (its
// WORKDIR holding what it copies there, its ENV, its CMD and its HEALTHCHECK), against PostgreSQL.

type Stage = { workdir: string; env: Record<string, string>; cmd: string[]; healthcheck: string[]; copiedFrom: string };

function lastStage(dockerfile: string): Stage {
  const lines = dockerfile.replace(/\\\n/g, " ").split("\n");
  const from = lines.map((l, i) => (/^FROM /i.test(l) ? i : -1)).filter((i) => i >= 0);
  const stage = lines.slice(from.at(-1)!);
  const json = (prefix: RegExp) => JSON.parse(stage.find((l) => prefix.test(l))!.replace(prefix, "")) as string[];
  const env: Record<string, string> = {};
  for (const l of stage.filter((l) => /^ENV /i.test(l)))
    for (const [, k, v] of l.slice(4).matchAll(/([A-Z_][A-Z0-9_]*)=(\S+)/g)) env[k] = v;
  const copy = stage.find((l) => /^COPY --from=build/i.test(l))!.split(/\s+/);
  return {
    workdir: stage.find((l) => /^WORKDIR /i.test(l))!.split(/\s+/)[1],
    env,
    cmd: json(/^CMD /i),
    healthcheck: json(/^HEALTHCHECK .*?CMD /i),
    copiedFrom: copy.at(-2)!,
  };
}

test("[OPS] the image's entrypoint, as the Dockerfile states it, serves a migrated PostgreSQL and passes its health check", async () => {
  test.setTimeout(120_000);
  const stage = lastStage(readFileSync("Dockerfile", "utf8"));
  expect(stage.cmd[0]).toBe("node");
  // What the image copies into its WORKDIR is the build's standalone folder.
  expect(stage.copiedFrom).toMatch(/\/\.next\/standalone$/);
  const workdir = path.resolve(".next/standalone");
  expect(existsSync(path.join(workdir, stage.cmd.at(-1)!))).toBe(true);
  // No dev dependency ships.
  for (const dev of ["vitest", "@playwright/test", "pino-pretty", "drizzle-kit", "typescript"])
    expect(existsSync(path.join(workdir, "node_modules", dev)), dev).toBe(false);

  const name = `roster_container_${Date.now()}`;
  const admin = postgres(serverDatabaseUrl(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverDatabaseUrl());
  url.pathname = `/${name}`;
  const port = "3197";
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: "production",
    ...stage.env,
    // Here rather than in a container: a local port and address, and a data folder of its own.
    PORT: port,
    HOSTNAME: "127.0.0.1",
    ROSTER_DATA_DIR: mkdtempSync(path.join(tmpdir(), "roster-container-")),
    DATABASE_URL: url.toString(),
    AUTH_SECRET: E2E_AUTH_SECRET,
    ENCRYPTION_KEY: E2E_ENCRYPTION_KEY,
    APP_URL: `http://127.0.0.1:${port}`,
  };
  const app = spawn(stage.cmd[0] === "node" ? process.execPath : stage.cmd[0], stage.cmd.slice(1), { cwd: workdir, env, stdio: "pipe" });
  let output = "";
  app.stdout.on("data", (c) => (output += c));
  app.stderr.on("data", (c) => (output += c));
  try {
    await expect(async () => {
      const res = await fetch(`http://127.0.0.1:${port}/api/ready`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: "ready" });
    }).toPass({ timeout: 60_000, intervals: [500] });
    const health = spawnSync(process.execPath, stage.healthcheck.slice(1), { env, encoding: "utf8" });
    expect(health.status, health.stderr).toBe(0);
    // Production JSON logs, one line per event.
    expect(output.split("\n").find((l) => l.includes('"msg":"database ready"'))).toBeTruthy();
  } catch (error) {
    console.log(output.slice(-3000));
    throw error;
  } finally {
    app.kill("SIGTERM");
    await new Promise((resolve) => app.once("exit", resolve));
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
});
