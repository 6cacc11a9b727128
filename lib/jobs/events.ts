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

export const syncRequested = eventType("bamboohr/sync.requested", { schema: syncRequestedSchema });
export const syncApproved = eventType("bamboohr/sync.approved", { schema: syncApprovedSchema });
