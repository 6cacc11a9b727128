import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { DEMO_DOMAIN, DEMO_KEY, demoCompany } from "@/lib/bamboohr/emulator/cli";
import { startEmulator } from "@/lib/bamboohr/emulator/server";
import { withHeapLimit } from "@/lib/heap-limit";

// `npm run demo`: the app on its embedded defaults (PGlite in .data/pglite) with a local BambooHR
// emulator beside it. BAMBOOHR_BASE_URL points at the emulator for this process tree only.
async function main() {
  const port = process.env.PORT ?? "3000";
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  if (spawnSync("npm", ["run", "build"], { stdio: "inherit", env }).status !== 0) process.exit(1);
  const emulator = await startEmulator({
    companies: [demoCompany()],
    port: Number(process.env.BAMBOOHR_EMULATOR_PORT ?? 4010),
    control: true,
  });
  // The standalone server, as `npm start` and the container run it.
  const app = spawn(process.execPath, [".next/standalone/server.js"], {
    stdio: "inherit",
    env: {
      ...withHeapLimit(env),
      PORT: port,
      ROSTER_DATA_DIR: process.env.ROSTER_DATA_DIR ?? path.resolve(".data"),
      BAMBOOHR_BASE_URL: emulator.url,
      AUTH_TRUST_HOST: "true",
      APP_URL: process.env.APP_URL ?? `http://localhost:${port}`,
      // Demo mode: generated AUTH_SECRET and ENCRYPTION_KEY kept in .data/, and the open first-setup page.
      // Real deployments set the secrets, and first setup asks for the token printed at boot.
      ROSTER_DEMO: "1",
    },
  });
  setTimeout(() => {
    console.log(`
  Roster demo: http://localhost:${port}
  1. Create your organization at /setup and sign in.
  2. Admin -> Platform Configuration -> Third-Party Integrations -> BambooHR -> Set up, with
       Subdomain: ${DEMO_DOMAIN}
       API key:   ${DEMO_KEY}
  (BambooHR emulator at ${emulator.url}, about 200 employees.)
`);
  }, 1500);
  const stop = () => app.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  app.on("exit", async (code) => {
    await emulator.close();
    process.exit(code ?? 0);
  });
}

void main();
