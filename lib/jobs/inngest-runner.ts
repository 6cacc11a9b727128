import { inngest } from "./client";
import { changesReceived, syncApproved, syncRequested } from "./events";
import type { JobRunner } from "./runner";

/** Each request is one event; the functions in ./functions run it as durable steps. */
export const inngestRunner: JobRunner = {
  mode: "inngest",
  async sync(_db, input) {
    const { requestedBy, ...rest } = input;
    await inngest.send(syncRequested.create({ ...rest, trigger: "manual", ...(requestedBy ? { requestedBy } : {}) }));
    return { ok: true, mode: "inngest", runId: null };
  },
  async applyApproved(_db, input) {
    // The event id makes a repeated send of the same approval one delivery.
    await inngest.send(syncApproved.create(input, { id: `approve-${input.runId}` }));
    return { ok: true, mode: "inngest", runId: input.runId };
  },
  async changesQueued(_db, integration) {
    await inngest.send(changesReceived.create({ organizationId: integration.organizationId, integrationId: integration.id }));
  },
  // Inngest keeps its own schedule, retries and failure handlers.
  async start() {},
};
