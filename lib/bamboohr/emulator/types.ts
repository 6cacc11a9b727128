import type { BambooRecord } from "../api-types";

// The emulator's model of a BambooHR company: employees are BambooHR's records (the client's type), with the
// employment status as the row it comes from.
export type EmulatedEmployee = Omit<BambooRecord, "employmentHistoryStatus" | "status"> & {
  status: string;
  /** The current employment status row; a future effective date hides it from onlyCurrent reports. */
  employmentStatus: { name: string; effectiveDate: string } | null;
};

export type EmulatedKey = {
  key: string;
  /** Fields this key's permission profile may read; undefined = all. */
  fields?: string[];
  /** BambooHR id of the key's owner (the one who may not see their own status). */
  ownerId?: string;
  hideOwnStatus?: boolean;
  revoked?: boolean;
  /** Keys that can authenticate but may not read employee data (403). */
  forbidden?: boolean;
  /** false: the Datasets API answers 403 to this key (custom reports still work). */
  datasets?: boolean;
  /** false: creating webhooks answers 403 (the key's owner lacks the permission). */
  webhooks?: boolean;
};

/** A webhook as BambooHR keeps it, with the private key it signs deliveries with. */
export type EmulatedWebhook = {
  id: string;
  name: string;
  url: string;
  format: "json" | "form-encoded";
  events: string[];
  monitorFields: string[];
  postFields: Record<string, string>;
  privateKey: string;
  created: string;
  lastSent: string | null;
};

/** A delivery the emulator made (or tried), kept for tests: they replay and tamper with it. */
export type WebhookDelivery = {
  webhookId: string;
  url: string;
  body: string;
  timestamp: string;
  signature: string;
  status: number | null;
  attempts: number;
};

export type EmulatedCompany = {
  domain: string;
  keys: EmulatedKey[];
  employees: EmulatedEmployee[];
  employmentStatuses: Array<{ id: string; name: string; archived: boolean }>;
};

export type Fault =
  | { type: "rate_limit"; status: 429 | 503; retryAfter?: string }
  | { type: "server_error"; status?: number }
  | { type: "slow"; ms: number }
  /** The body in `chunks` pieces, `everyMs` apart: a large report over a slow line. */
  | { type: "trickle"; chunks: number; everyMs: number }
  /** Headers and the first part of the body, then nothing more while the connection stays open. */
  | { type: "stall" }
  | { type: "malformed" }
  | { type: "truncated" }
  | { type: "html" }
  | { type: "revoke_key"; key: string };

/** Where a fault applies: to any request (the default), or only to one whose path contains `path` (and page `page`). */
export type FaultTarget = { path?: string; page?: number };

export type RecordedRequest = { method: string; path: string; company: string | null; at: number; status: number };
