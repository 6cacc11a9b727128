// After `next build`: the standalone server (`.next/standalone/server.js`) gets what it reads from disk and the
// build does not trace: the static assets, the public folder and the migrations it applies at boot.
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";

const PRELOAD = 'require("./peer-address.cjs");';

const out = ".next/standalone";
if (!existsSync(`${out}/server.js`)) {
  console.error(`${out}/server.js is missing: run next build with output "standalone" first.`);
  process.exit(1);
}
cpSync(".next/static", `${out}/.next/static`, { recursive: true });
if (existsSync("public")) cpSync("public", `${out}/public`, { recursive: true });
cpSync("drizzle", `${out}/drizzle`, { recursive: true });
// The peer's address on every request (lib/auth/client-address.ts): loaded first by the server itself.
cpSync("scripts/peer-address.cjs", `${out}/peer-address.cjs`);
const server = readFileSync(`${out}/server.js`, "utf8");
if (!server.startsWith(PRELOAD)) writeFileSync(`${out}/server.js`, `${PRELOAD}\n${server}`);
console.log(`standalone server ready: ${out}/server.js (static assets and migrations copied)`);
