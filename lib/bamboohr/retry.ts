import { BambooError, BambooRateLimitError } from "./errors";

export type RetryPolicy = {
  /** Total attempts, the first included. */
  attempts: number;
  /** Cap on any single wait, Retry-After included. */
  maxWaitMs: number;
  /** First backoff for 5xx and network errors; doubles each attempt, with full jitter. */
  baseDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
};

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 4,
  maxWaitMs: 60_000,
  baseDelayMs: 1_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function retryDelay(error: BambooError, attempt: number, policy: RetryPolicy): number {
  if (error instanceof BambooRateLimitError && error.retryAfterMs !== null) {
    return Math.min(error.retryAfterMs, policy.maxWaitMs);
  }
  const ceiling = Math.min(policy.maxWaitMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (policy.random() * ceiling) / 2);
}

/** Runs `attempt` until it succeeds, fails for good (4xx other than 429), or the attempts run out. */
export async function withRetry<T>(run: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof BambooError) || !error.retryable || attempt >= policy.attempts) throw error;
      await policy.sleep(retryDelay(error, attempt, policy));
    }
  }
}
