import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { HEAP_LIMIT_MB, withHeapLimit } from "@/lib/heap-limit";

/** The heap limit (MB) a Node process started with this environment really has. */
function heapLimitOf(env: NodeJS.ProcessEnv): number {
  const out = execFileSync(process.execPath, ["-e", 'console.log(require("v8").getHeapStatistics().heap_size_limit)'], { env });
  return Number(out.toString()) / 1024 / 1024;
}

describe("[OPS] the heap cap of Roster's processes", () => {
  it("a process started with it has a heap of about the cap", () => {
    const limit = heapLimitOf(withHeapLimit({ ...process.env, NODE_OPTIONS: "" }));
    expect(limit).toBeGreaterThanOrEqual(HEAP_LIMIT_MB);
    expect(limit).toBeLessThan(HEAP_LIMIT_MB + 256);
  });

  it("an operator's own --max-old-space-size in NODE_OPTIONS wins", () => {
    const limit = heapLimitOf(withHeapLimit({ ...process.env, NODE_OPTIONS: "--max-old-space-size=3072" }));
    expect(limit).toBeGreaterThanOrEqual(3072);
  });
});
