import { cron } from "inngest";
import { getDb } from "@/lib/db";
import { inngest } from "../client";
import { syncRequested } from "../events";
import { todayIn } from "@/lib/sync/plan/today";
import { enabledIntegrations } from "@/lib/sync/source";
import { NIGHTLY, NIGHTLY_CRON } from "@/lib/integrations/schedule";

const nightlyEventId = (integrationId: string, night: string) => `nightly-${integrationId}-${night}`;

// A cron run carries no integration: it fans out one event per enabled integration of every organization.
export const nightlyFanout = inngest.createFunction(
  { id: "bamboohr-nightly-fanout", triggers: [cron(NIGHTLY_CRON)], retries: 4 },
  async ({ step, event }) => {
    const ts = event?.ts;
    const targets = await step.run("list-enabled-integrations", () => getDb().then(enabledIntegrations));
    // One id per integration and night: a fan-out run again (or delivered twice) requests each sync once.
    const night = todayIn(NIGHTLY.timeZone, new Date(ts ?? Date.now()));
    if (targets.length === 0) return { requested: 0 };
    await step.sendEvent(
      "request-syncs",
      targets.map((t) => syncRequested.create({ ...t, trigger: "schedule" }, { id: nightlyEventId(t.integrationId, night) })),
    );
    return { requested: targets.length };
  },
);
