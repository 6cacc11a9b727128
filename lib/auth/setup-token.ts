import { randomBytes, timingSafeEqual } from "node:crypto";
import { env, isProduction } from "@/lib/env";

// In production the first-setup page asks for a one-time token, printed in the server log at boot (or SETUP_TOKEN),
// so that whoever reaches /setup first does not own the instance. The demo and development keep the open page.
const holder = globalThis as { __rosterSetupToken?: string };

export const setupTokenRequired = () => isProduction(env());

export function setupToken(): string {
  holder.__rosterSetupToken ??= env().SETUP_TOKEN ?? randomBytes(18).toString("base64url");
  return holder.__rosterSetupToken;
}

export function checkSetupToken(given: unknown): boolean {
  if (!setupTokenRequired()) return true;
  const expected = Buffer.from(setupToken());
  const actual = Buffer.from(typeof given === "string" ? given.trim() : "");
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
