import { z } from "zod";

/** What Roster asks BambooHR to create (`POST /v1/webhooks`). */
export type WebhookInput = {
  name: string;
  url: string;
  format: "json";
  /** Omitted: BambooHR's default, the field-based events. */
  events?: string[];
  monitorFields: string[];
  postFields: Record<string, string>;
  includeCompanyDomain: boolean;
};

export const createdWebhookSchema = z
  .object({
    id: z.union([z.string(), z.number()]).transform(String),
    privateKey: z.string().min(8),
  })
  .passthrough();
export type CreatedWebhook = z.infer<typeof createdWebhookSchema>;

/** `GET /v1/webhooks/monitor_fields`. */
export const monitorFieldsSchema = z.object({
  fields: z.array(z.object({ id: z.union([z.string(), z.number()]).transform(String), alias: z.string().nullish() }).passthrough()),
});

/** `GET /v1/webhooks`: the webhooks of the API key's user, in summary. */
export const webhookListSchema = z.object({
  webhooks: z.array(z.object({ id: z.union([z.string(), z.number()]).transform(String), url: z.string().nullish() }).passthrough()),
});
