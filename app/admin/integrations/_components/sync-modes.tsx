import type { SyncModes } from "@/lib/integrations/view";
import { InstantUpdatesControls } from "./instant-updates";
import { LocalTime } from "./local-time";

const SOURCE: Record<string, string> = {
  datasets: "Datasets API",
  reports: "Custom reports (the key cannot use the Datasets API)",
};

/** Each way changes reach Roster, and how it stands: the nightly full sync, instant updates, incremental syncs. */
export function SyncModesSection({ modes, inngest }: { modes: SyncModes; inngest: boolean }) {
  const waitingForKey = modes.instantUpdates && !modes.webhookKeySaved;
  return (
    <section aria-labelledby="modes-title" className="space-y-3">
      <h3 id="modes-title" className="font-medium">
        How changes reach Roster
      </h3>
      <dl
        className="grid max-w-2xl grid-cols-[7.5rem_1fr] gap-x-3 gap-y-2 text-sm sm:grid-cols-[10rem_1fr] sm:gap-x-4"
        data-testid="sync-modes"
      >
        <dt className="text-slate-600">BambooHR API</dt>
        <dd data-testid="mode-api">
          {modes.employeeSource ? SOURCE[modes.employeeSource] : "Chosen at the first sync (the Datasets API when the key can use it)"}
        </dd>
        <dt className="text-slate-600">Instant updates</dt>
        <dd data-testid="mode-instant">
          {!modes.instantUpdates
            ? "Off: changes arrive with the next sync."
            : waitingForKey
              ? "Waiting for the webhook's private key (see below)."
              : `On (${modes.webhookSetup === "manual" ? "webhook created by hand" : "webhook created by Roster"}). `}
          {modes.instantUpdates && !waitingForKey ? (
            modes.lastWebhookAt ? (
              <>
                Last delivery <LocalTime iso={modes.lastWebhookAt} />.
              </>
            ) : (
              "No delivery yet."
            )
          ) : null}
        </dd>
        <dt className="text-slate-600">Incremental sync</dt>
        <dd data-testid="mode-incremental">
          {modes.incrementalHours === 0
            ? "Off (set it under Edit)."
            : `${modes.incrementalHours === 1 ? "Every hour" : `Every ${modes.incrementalHours} hours`}${inngest ? "" : " once Inngest is configured"}. `}
          {modes.lastIncremental ? (
            <>
              Last: <LocalTime iso={modes.lastIncremental.at} /> ({modes.lastIncremental.status.replaceAll("_", " ")}).
            </>
          ) : modes.incrementalHours ? (
            "None yet."
          ) : null}
          {modes.incrementalWatermark ? (
            <>
              {" "}
              Changes synced up to <LocalTime iso={modes.incrementalWatermark} />.
            </>
          ) : null}
        </dd>
        <dt className="text-slate-600">Pre-start accounts</dt>
        <dd data-testid="mode-prestart">
          {modes.prestartDays === 0
            ? "Off: new hires get an active account at once."
            : `Inactive accounts ${modes.prestartDays} day${modes.prestartDays === 1 ? "" : "s"} before the start date, activated on it.`}
        </dd>
      </dl>
      <InstantUpdatesControls
        on={modes.instantUpdates}
        setup={modes.webhookSetup}
        keySaved={modes.webhookKeySaved}
        webhookUrl={modes.webhookUrl}
        monitoredFields={modes.monitoredFields}
      />
    </section>
  );
}
