import { eventType } from "inngest";
import { z } from "zod";

export const syncRequestedSchema = z.object({
  organizationId: z.string().uuid(),
  integrationId: z.string().uuid(),
  trigger: z.enum(["schedule", "manual", "cli"]),
  requestedBy: z.string().uuid().optional(),
});

export const syncApprovedSchema = z.object({
  organizationId: z.string().uuid(),
  runId: z.string().uuid(),
  approvedBy: z.string().uuid(),
});

/** BambooHR said some employees changed (a webhook delivery): they are queued; a targeted sync takes them. */
export const changesReceivedSchema = z.object({ organizationId: z.string().uuid(), integrationId: z.string().uuid() });

/** An incremental sync of one integration, requested by the hourly fan-out. */
export const incrementalRequestedSchema = z.object({ organizationId: z.string().uuid(), integrationId: z.string().uuid() });

export const changesReceived = eventType("bamboohr/changes.received", { schema: changesReceivedSchema });
export const incrementalRequested = eventType("bamboohr/sync.incremental", { schema: incrementalRequestedSchema });
export const syncRequested = eventType("bamboohr/sync.requested", { schema: syncRequestedSchema });
export const syncApproved = eventType("bamboohr/sync.approved", { schema: syncApprovedSchema });
