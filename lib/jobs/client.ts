import { Inngest } from "inngest";

// INNGEST_DEV (local dev server) or INNGEST_EVENT_KEY / INNGEST_SIGNING_KEY (Inngest Cloud or self-hosted)
// are read by the SDK itself. Without either, lib/jobs/dispatch.ts runs syncs in the web process.
export const inngest = new Inngest({ id: "roster" });
