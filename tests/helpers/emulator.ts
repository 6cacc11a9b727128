import { afterAll } from "vitest";
import { generateCompany } from "@/lib/bamboohr/emulator/generator";
import { startEmulator, type Emulator } from "@/lib/bamboohr/emulator/server";
import type { EmulatedCompany } from "@/lib/bamboohr/emulator/types";

/** One emulator per test file, closed after it; companies are added per test with unique domains. */
let shared: Promise<Emulator> | undefined;
export function emulator(): Promise<Emulator> {
  if (!shared) {
    shared = startEmulator({ companies: [], control: false });
    afterAll(async () => (await shared!).close());
  }
  return shared;
}

let counter = 0;
export function uniqueDomain(prefix = "co"): string {
  return `${prefix}${process.pid}x${++counter}${Math.floor(Math.random() * 1e6)}`.toLowerCase();
}

export async function emulatedCompany(
  options: { size?: number; seed?: number; badData?: boolean; mutate?: (c: EmulatedCompany) => void } = {},
) {
  const emu = await emulator();
  const domain = uniqueDomain();
  const company = generateCompany({ domain, size: options.size ?? 20, seed: options.seed ?? 1, badData: options.badData });
  options.mutate?.(company);
  emu.addCompany(company);
  return { emu, domain, key: company.keys[0].key, company };
}

/** Retries without waiting, so retry tests run in milliseconds. */
export const fastRetry = { sleep: async () => {}, random: () => 0.5 };

/** One emulated employee with plain defaults, for tests that write their company out by hand. */
export { emulatedEmployee as employee } from "@/lib/bamboohr/emulator/employee";
