import { NonRetriableError, RetryAfterError } from "inngest";
import { BambooError, BambooRateLimitError } from "@/lib/bamboohr/errors";
import type { StepRunner, SyncOptions } from "@/lib/sync/pipeline";
import { RunClosedError } from "@/lib/sync/run/lifecycle";

type InngestStep = { run: (id: string, fn: () => Promise<unknown>) => Promise<unknown> };

/**
 * Under Inngest, retries happen at one level: Inngest's, per step. The BambooHR client makes one attempt,
 * and a rate limit hands BambooHR's Retry-After to Inngest.
 */
export const INNGEST_SYNC_OPTIONS: SyncOptions = { overrides: { retry: { attempts: 1 } } };

/**
 * `step.run` as the engine's StepRunner. Errors that no retry can fix (bad key, no permission, unknown
 * company, a run that was closed) stop the retries at once instead of hammering BambooHR.
 */
export function inngestSteps(step: InngestStep): StepRunner {
  return (<T>(id: string, fn: () => Promise<T>) =>
    step.run(id, async () => {
      try {
        return await fn();
      } catch (error) {
        if (error instanceof RunClosedError) throw new NonRetriableError(error.message, { cause: error });
        if (error instanceof BambooRateLimitError && error.retryAfterMs !== null) {
          throw new RetryAfterError(error.message, Math.max(1000, error.retryAfterMs), { cause: error });
        }
        if (error instanceof BambooError && !error.retryable) throw new NonRetriableError(error.message, { cause: error });
        throw error;
      }
    }) as Promise<T>) as StepRunner;
}
