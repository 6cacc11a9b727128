import { NonRetriableError } from "inngest";
import { BambooError } from "@/lib/bamboohr/errors";
import type { StepRunner } from "@/lib/sync/pipeline";

type InngestStep = { run: (id: string, fn: () => Promise<unknown>) => Promise<unknown> };

/**
 * `step.run` as the engine's StepRunner. BambooHR errors that no retry can fix (bad key, no permission,
 * unknown company) stop the retries at once instead of hammering BambooHR.
 */
export function inngestSteps(step: InngestStep): StepRunner {
  return (<T>(id: string, fn: () => Promise<T>) =>
    step.run(id, async () => {
      try {
        return await fn();
      } catch (error) {
        if (error instanceof BambooError && !error.retryable) throw new NonRetriableError(error.message, { cause: error });
        throw error;
      }
    }) as Promise<T>) as StepRunner;
}
