import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, env } from "@/lib/env";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});
const production = {
  NODE_ENV: "production",
  AUTH_SECRET: "a-production-auth-secret-of-32-characters!",
  ENCRYPTION_KEY: "k1:" + Buffer.alloc(32, 1).toString("base64"),
};
const problemsWith = (vars: Record<string, string | undefined>) => {
  process.env = { ...saved, ...vars } as NodeJS.ProcessEnv;
  for (const [k, v] of Object.entries(vars)) if (v === undefined) delete process.env[k];
  try {
    env();
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
};

describe("[SECURITY] configuration is checked once, at boot, by name", () => {
  it("names the variable and the form it needs, never its value", () => {
    const message = problemsWith({ ENCRYPTION_KEY: "k1:c2hvcnQ=" })!;
    expect(message).toMatch(/ENCRYPTION_KEY must be id:base64 of 32 bytes/);
    expect(message).not.toContain("c2hvcnQ=");
    expect(problemsWith({ BAMBOOHR_TIMEOUT_MS: "soon" })).toMatch(/BAMBOOHR_TIMEOUT_MS must be/);
    expect(problemsWith({ APP_URL: "roster.example.com" })).toMatch(/APP_URL must be an absolute URL/);
  });

  it("production requires its secrets and refuses development switches", () => {
    expect(problemsWith(production)).toBeNull();
    expect(problemsWith({ ...production, AUTH_SECRET: undefined })).toMatch(/AUTH_SECRET must be set in production/);
    expect(problemsWith({ ...production, ENCRYPTION_KEY: undefined })).toMatch(/ENCRYPTION_KEY must be set in production/);
    expect(problemsWith({ ...production, ROSTER_ALLOW_LOCAL_SECRETS: "1" })).toMatch(
      /ROSTER_ALLOW_LOCAL_SECRETS is not accepted in production/,
    );
    expect(problemsWith({ ...production, INNGEST_DEV: "1" })).toMatch(/INNGEST_DEV must not be set in production/);
    // The demo runs `next start` too: it keeps generated secrets.
    expect(problemsWith({ NODE_ENV: "production", ROSTER_DEMO: "1", AUTH_SECRET: undefined, ENCRYPTION_KEY: undefined })).toBeNull();
  });

  it("the CLI scripts refuse to start on a bad configuration, naming it", () => {
    const run = spawnSync("npx", ["tsx", "scripts/db-migrate.ts"], {
      env: { ...saved, ENCRYPTION_KEY: "not-a-key", DATABASE_URL: "" },
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/Roster cannot start: ENCRYPTION_KEY must be id:base64 of 32 bytes/);
  });
});
