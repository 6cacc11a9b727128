import { parseArgs } from "node:util";
import { generateCompany } from "./generator";
import { startEmulator } from "./server";

export const DEMO_DOMAIN = "demo";
export const DEMO_KEY = process.env.BAMBOOHR_DEMO_KEY ?? "demo-4f1c2b7e9a05d3c8e6b1a2f47d90c3e5";

export function demoCompany(size = 200, seed = 7) {
  return generateCompany({ domain: DEMO_DOMAIN, size, seed, keys: [{ key: DEMO_KEY }] });
}

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: process.env.BAMBOOHR_EMULATOR_PORT ?? "4010" },
      employees: { type: "string", default: process.env.BAMBOOHR_EMULATOR_EMPLOYEES ?? "200" },
      seed: { type: "string", default: "7" },
      domain: { type: "string", default: DEMO_DOMAIN },
      key: { type: "string", default: DEMO_KEY },
    },
  });
  const company = generateCompany({
    domain: values.domain!,
    size: Number(values.employees),
    seed: Number(values.seed),
    keys: [{ key: values.key! }],
  });
  const emulator = await startEmulator({
    companies: [company],
    port: Number(values.port),
    control: true,
  });
  console.log(`BambooHR emulator listening at ${emulator.url}`);
  console.log(`  Subdomain: ${company.domain}`);
  console.log(`  API key:   ${values.key}`);
  console.log(`Point Roster at it with BAMBOOHR_BASE_URL=${emulator.url}`);
  const stop = () => emulator.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (process.argv[1]?.endsWith("cli.ts")) void main();
