import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * A secret generated once and kept in .data/ so that a development machine needs no setup.
 * Production must set the variable: a generated secret there would differ between instances.
 */
export function localSecret(name: string, envValue: string | undefined, bytes = 32): string {
  if (envValue) return envValue;
  if (process.env.NODE_ENV === "production" && !process.env.ROSTER_ALLOW_LOCAL_SECRETS) {
    throw new Error(`${name} must be set in production (see README: Configuration).`);
  }
  const dir = path.join(process.cwd(), ".data");
  const file = path.join(dir, name.toLowerCase().replace(/_/g, "-"));
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dir, { recursive: true });
  const value = randomBytes(bytes).toString("base64");
  writeFileSync(file, value, { mode: 0o600 });
  return value;
}
