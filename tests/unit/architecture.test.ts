import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cyclesOf, importGraph, packagesOf } from "../helpers/imports";

const root = process.cwd();

/**
 * The layers of lib/, lowest first: a module imports only from its own folder or a lower layer. The engine
 * (lib/sync) sits on the database, which stores the vendor's words (its error kinds); the services, the jobs and the
 * pages sit on the engine.
 */
const LAYERS: string[][] = [
  ["lib/crypto/keyring"],
  ["lib/env", "lib/heap-limit", "lib/security-headers", "lib/route-params", "lib/text", "lib/metrics"],
  ["lib/log", "lib/crypto", "lib/mail"],
  ["lib/bamboohr"],
  ["lib/db"],
  ["lib/sync"],
  ["lib/notify", "lib/integrations", "lib/auth"],
  ["lib/directory", "lib/webhooks"],
  ["lib/jobs"],
];
const layerOf = (module: string) => {
  let best = { layer: -1, prefix: "" };
  LAYERS.forEach((prefixes, layer) => {
    for (const p of prefixes)
      if ((module === p || module.startsWith(`${p}/`)) && p.length > best.prefix.length) best = { layer, prefix: p };
  });
  return best;
};

function filesUnder(folder: string): string[] {
  return readdirSync(path.join(root, folder)).flatMap((name) => {
    const rel = path.join(folder, name);
    if (statSync(path.join(root, rel)).isDirectory()) return name === "node_modules" ? [] : filesUnder(rel);
    return /\.(ts|tsx)$/.test(name) ? [rel] : [];
  });
}

describe("[ARCHITECTURE] the shape of lib/", () => {
  it("has no import cycle", () => {
    expect(cyclesOf(importGraph(root, "lib"))).toEqual([]);
  });

  it("imports only downwards: each folder from its own layer's folder or a lower layer", () => {
    const upward: string[] = [];
    for (const [from, targets] of importGraph(root, "lib")) {
      const source = layerOf(from);
      for (const to of targets) {
        if (!to.startsWith("lib/")) continue;
        const target = layerOf(to);
        if (target.prefix === source.prefix) continue;
        if (target.layer >= source.layer) upward.push(`${from} -> ${to}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it("keeps Next.js and Inngest out of the engine and the vendor folder", () => {
    const framework = [...filesUnder("lib/sync"), ...filesUnder("lib/bamboohr")].flatMap((file) =>
      packagesOf(root, file)
        .filter((p) => p === "next" || p === "next-auth" || p === "inngest" || p === "react")
        .map((p) => `${file}: ${p}`),
    );
    expect(framework).toEqual([]);
  });

  it("keeps SQL out of pages and job files: they call lib/ functions", () => {
    const sql = [...filesUnder("app"), ...filesUnder("lib/jobs")].filter((file) => packagesOf(root, file).includes("drizzle-orm"));
    expect(sql).toEqual([]);
  });

  it("a comment in lib/ or app/ carries no measurement: numbers live in docs/performance.md", () => {
    const measurement =
      /\b\d[\d,.]*\s?(ms|s|MB|GB|KB|µs)\b|\b\d{1,3}(,\d{3})+\b|\b(faster|slower) than\b|\bmeasured\b|PostgreSQL's (time|CPU)|\bof (the|its) time\b/i;
    const found: string[] = [];
    for (const file of [...filesUnder("lib"), ...filesUnder("app")]) {
      readFileSync(path.join(root, file), "utf8")
        .split("\n")
        .forEach((line, i) => {
          const comment = /^\s*(\/\/|\*|\/\*)(.*)$/.exec(line)?.[2] ?? /\s\/\/\s(.*)$/.exec(line)?.[1];
          if (comment && measurement.test(comment)) found.push(`${file}:${i + 1}: ${comment.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });
});
