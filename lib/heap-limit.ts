/**
 * The V8 heap cap Roster's processes run with: `next start`, the sync CLI, the demo, the end-to-end server and the
 * benchmark. Besides bounding the heap, the cap sets how much garbage V8 lets pile up before it collects, and so a large
 * sync's peak memory (docs/performance.md). An operator's own `--max-old-space-size` in NODE_OPTIONS comes later on the
 * line and wins.
 */
export const HEAP_LIMIT_MB = 1536;

/** `env` with the heap cap first in NODE_OPTIONS, for a child process that runs Roster. */
export function withHeapLimit(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, NODE_OPTIONS: [`--max-old-space-size=${HEAP_LIMIT_MB}`, env.NODE_OPTIONS].filter(Boolean).join(" ") };
}
