import { inngestConfigured } from "@/lib/env";
import type { JobRunner } from "./runner";

let chosen: Promise<JobRunner> | undefined;

/** The runner of this process, chosen once from the configuration: Inngest when it is set up, else in process. */
export function jobRunner(): Promise<JobRunner> {
  chosen ??= inngestConfigured()
    ? import("./inngest-runner").then((m) => m.inngestRunner)
    : import("./in-process-runner").then((m) => m.inProcessRunner);
  return chosen;
}
