import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const version = (name: string) => (require(`${name}/package.json`) as { version: string }).version.split(".").map(Number);
const atLeast = (v: number[], min: number[]) => (v[0] !== min[0] ? v[0] > min[0] : v[1] !== min[1] ? v[1] > min[1] : v[2] >= min[2]);

describe("[SECURITY] dependencies", () => {
  it("nodemailer is past every published advisory's range (the last: < 10.0.9)", () => {
    expect(atLeast(version("nodemailer"), [10, 0, 9])).toBe(true);
  });

  it("npm install on a fresh clone leaves package-lock.json as committed", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "roster-lock-"));
    for (const file of ["package.json", "package-lock.json"]) copyFileSync(file, path.join(dir, file));
    execFileSync("npm", ["install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: dir, stdio: "pipe" });
    expect(readFileSync(path.join(dir, "package-lock.json"), "utf8")).toBe(readFileSync("package-lock.json", "utf8"));
  }, 120_000);
});
