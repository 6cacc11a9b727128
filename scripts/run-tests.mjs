// `npm test`: every test (Vitest, then a production build, Playwright, and the fault-injection suite), closing with
// one line "N passed, N failed, N skipped" summed over all of them. Exits non-zero when anything failed.
// `unit`, `scale`, `e2e` or `faults` runs one part (the last two build first).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const out = ".data/test-results";
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const only = process.argv[2]; // "unit", "scale", "e2e" or "faults" to run one part

function run(cmd, args, env = {}) {
  console.log(`\n$ ${cmd} ${args.join(" ")}`);
  return spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } }).status ?? 1;
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];

/** One Vitest run (a tier of tests), its counts added to the totals. */
function vitest(name, args) {
  const file = `${out}/${name}.json`;
  const code = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile=${file}`, ...args]);
  if (existsSync(file)) {
    const r = JSON.parse(readFileSync(file, "utf8"));
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests;
    totals.skipped += r.numPendingTests + r.numTodoTests;
    if (code !== 0 && r.numFailedTests === 0) problems.push(`${name} exited with ${code}`);
  } else problems.push(`${name} wrote no results`);
}

if (!only || only === "unit") vitest("vitest", ["--exclude", "tests/scale/**"]);
// The scale tier: companies of thousands, slower than the rest.
if (!only || only === "scale") vitest("vitest-scale", ["tests/scale"]);

function playwright(name, args) {
  const file = `${out}/${name}.json`;
  const code = run("npx", ["playwright", "test", ...args], { PLAYWRIGHT_JSON_OUTPUT_NAME: file });
  if (existsSync(file)) {
    const s = JSON.parse(readFileSync(file, "utf8")).stats;
    totals.passed += s.expected + s.flaky;
    totals.failed += s.unexpected;
    totals.skipped += s.skipped;
    if (code !== 0 && s.unexpected === 0) problems.push(`${name} exited with ${code}`);
  } else problems.push(`${name} wrote no results`);
}

if (!only || only === "e2e" || only === "faults") {
  if (run("npm", ["run", "build"]) !== 0) problems.push("the build failed");
  else {
    if (only !== "faults") playwright("playwright", []);
    // Last: it restarts PostgreSQL, so nothing else may be using it.
    if (only !== "e2e") playwright("faults", ["-c", "playwright.faults.config.ts"]);
  }
}

for (const p of problems) console.error(`error: ${p}`);
if (problems.length && totals.failed === 0) totals.failed = problems.length;
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
