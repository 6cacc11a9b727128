import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env, isProduction } from "@/lib/env";

/**
 * A secret generated once and kept in ROSTER_DATA_DIR (.data/) so that a development machine needs no setup.
 * Production must set the variable: a generated secret there would differ between instances. The demo
 * (`next start` with ROSTER_DEMO) keeps its generated ones.
 */
export function localSecret(name: string, envValue: string | undefined, bytes = 32): string {
  if (envValue) return envValue;
  if (isProduction(env())) throw new Error(`${name} must be set in production (see README: Configuration).`);
  const dir = path.resolve(env().ROSTER_DATA_DIR);
  const file = path.join(dir, name.toLowerCase().replace(/_/g, "-"));
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dir, { recursive: true });
  const value = randomBytes(bytes).toString("base64");
  writeFileSync(file, value, { mode: 0o600 });
  return value;
}
