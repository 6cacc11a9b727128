// After `next build`: the standalone server (`.next/standalone/server.js`) gets what it reads from disk and the
// build does not trace: the static assets, the public folder and the migrations it applies at boot.
import { cpSync, existsSync } from "node:fs";

const out = ".next/standalone";
if (!existsSync(`${out}/server.js`)) {
  console.error(`${out}/server.js is missing: run next build with output "standalone" first.`);
  process.exit(1);
}
cpSync(".next/static", `${out}/.next/static`, { recursive: true });
if (existsSync("public")) cpSync("public", `${out}/public`, { recursive: true });
cpSync("drizzle", `${out}/drizzle`, { recursive: true });
console.log(`standalone server ready: ${out}/server.js (static assets and migrations copied)`);
