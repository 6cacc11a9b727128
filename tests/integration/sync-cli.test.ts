import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { runSyncCli } from "@/lib/sync/cli";
import { emulatedCompany, fastRetry } from "../helpers/emulator";
import { connect, createOrg, usersOf } from "../helpers/factories";

describe("[SYNC] npm run sync", () => {
  it("dry-runs, then syncs, printing the outcome", async () => {
    const ctx = await emulatedCompany({ size: 12 });
    const { db, org } = await createOrg();
    await connect(db, org.id, { subdomain: ctx.domain, apiKey: ctx.key });
    const lines: string[] = [];
    const opts = { overrides: { baseUrl: ctx.emu.url, retry: fastRetry } };
    expect(await runSyncCli(db, ["--org", org.slug, "--dry-run"], (l) => lines.push(l), opts)).toBe(0);
    expect(lines.join("\n")).toMatch(/Dry run .*nothing was changed[\s\S]*Would create 12, update 0/);
    expect((await usersOf(db, org.id)).length).toBe(1);
    lines.length = 0;
    expect(await runSyncCli(db, ["--org", org.slug], (l) => lines.push(l), opts)).toBe(0);
    expect(lines.join("\n")).toMatch(/: succeeded[\s\S]*Created 12, updated 0/);
    expect((await usersOf(db, org.id)).length).toBe(13);
    // --incremental: only what changed since, as an incremental run.
    await new Promise((r) => setTimeout(r, 15));
    ctx.emu.updateEmployee(ctx.domain, ctx.company.employees[0].id, { jobTitle: "Changed since" });
    lines.length = 0;
    expect(await runSyncCli(db, ["--org", org.slug, "--incremental"], (l) => lines.push(l), opts)).toBe(0);
    expect(lines.join("\n")).toMatch(/: succeeded[\s\S]*Created 0, updated 1, deactivated 0/);
    expect((await usersOf(db, org.id)).find((u) => u.bamboohrId === ctx.company.employees[0].id)!.title).toBe("Changed since");
  });

  it("explains a missing or unknown organization", async () => {
    const { db } = await createOrg();
    const lines: string[] = [];
    expect(await runSyncCli(db, [], (l) => lines.push(l))).toBe(2);
    expect(await runSyncCli(db, ["--org", "no-such-org"], (l) => lines.push(l))).toBe(2);
    expect(lines).toEqual(["Usage: npm run sync -- --org <slug> [--dry-run | --incremental]", 'No organization with slug "no-such-org".']);
  });

  it("works as a separate process on the embedded database", async () => {
    // Its own PGlite folder: the commands a newcomer runs, end to end, in their own processes.
    const dir = await mkdtemp(path.join(tmpdir(), "roster-cli-"));
    const env = { ...process.env, DATABASE_URL: "", PGLITE_DIR: dir };
    const run = promisify(execFile);
    const created = await run(
      "npx",
      ["tsx", "scripts/admin-create.ts", "--org", "Cli Test", "--email", "a@cli.test", "--password", "long-enough-pw"],
      { env },
    );
    expect(created.stdout).toMatch(/slug cli-test/);
    const result = await run("npx", ["tsx", "scripts/sync.ts", "--org", "cli-test"], { env }).catch((e) => e);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/not_connected \(BambooHR is not connected.\)/);
    await rm(dir, { recursive: true, force: true });
  });
});
