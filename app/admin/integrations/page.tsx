import Link from "next/link";
import { Alert, Badge, Card, PageTitle, secondaryButtonClass } from "@/app/_components/ui";
import { requireAdmin } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { inngestConfigured } from "@/lib/env";
import { integrationView, type CardState } from "@/lib/integrations/view";
import { DisconnectButton } from "./_components/disconnect-button";
import { LocalTime } from "./_components/local-time";
import { RunHistory } from "./_components/run-history";
import { ScheduleLine } from "./_components/schedule-line";
import { SetupForm } from "./_components/setup-form";
import { SyncControls } from "./_components/sync-controls";
import { SyncModesSection } from "./_components/sync-modes";

const STATE: Record<CardState, { label: string; tone: "green" | "gray" | "red" | "amber" | "blue" }> = {
  not_connected: { label: "Not connected", tone: "gray" },
  connected: { label: "Connected", tone: "green" },
  syncing: { label: "Syncing", tone: "blue" },
  needs_review: { label: "Needs review", tone: "amber" },
  error: { label: "Error", tone: "red" },
};

export default async function IntegrationsPage() {
  const admin = await requireAdmin();
  const { integration, runs, latest } = await integrationView(await getDb(), admin.organizationId);
  const state = integration?.state ?? "not_connected";
  return (
    <>
      <PageTitle>Third-Party Integrations</PageTitle>
      <Card className="space-y-5">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <h2 className="text-lg font-semibold">BambooHR</h2>
            <p className="text-sm text-slate-600">New hires get accounts, leavers are deactivated, and profiles stay in sync.</p>
          </div>
          <span data-testid="bamboohr-state">
            <Badge tone={STATE[state].tone}>{STATE[state].label}</Badge>
          </span>
        </div>

        {!integration ? (
          <SetupForm />
        ) : (
          <>
            {state === "error" ? (
              <Alert>
                <strong>Roster could not connect to BambooHR {integration.consecutiveFailures} times in a row.</strong> Last error
                {integration.lastErrorAt ? (
                  <>
                    {" "}
                    (<LocalTime iso={integration.lastErrorAt} />)
                  </>
                ) : null}
                : {integration.lastError} Check the subdomain and API key under Edit; scheduled syncs keep trying, and the first successful
                sync clears this state.
              </Alert>
            ) : null}
            {state === "needs_review" && latest ? (
              <Alert tone="amber">
                The last sync was held by the safeguard: {latest.holdMessage}{" "}
                <Link className="font-medium underline" href={`/admin/integrations/runs/${latest.id}`}>
                  Review it
                </Link>
                .
              </Alert>
            ) : null}
            {integration.missingFields.length > 0 ? (
              <Alert tone="amber">
                The API key cannot see these BambooHR fields, so they stay empty: {integration.missingFields.join(", ")}. Use a key whose
                owner can see them.
              </Alert>
            ) : null}
            <section aria-labelledby="settings-title" className="space-y-3">
              <h3 id="settings-title" className="font-medium">
                Settings
              </h3>
              <dl className="grid max-w-lg grid-cols-[7.5rem_1fr] gap-x-3 gap-y-1 text-sm sm:grid-cols-[10rem_1fr] sm:gap-x-4">
                <dt className="text-slate-600">Subdomain</dt>
                <dd>{integration.subdomain}</dd>
                <dt className="text-slate-600">API Key</dt>
                <dd className="font-mono" data-testid="masked-key">
                  ••••••••{integration.keyLast4}
                </dd>
                <dt className="text-slate-600">Activation Blocklist</dt>
                <dd>{integration.activationBlocklist.length ? integration.activationBlocklist.join(", ") : "None"}</dd>
                <dt className="text-slate-600">Error notifications</dt>
                <dd>{integration.notificationEmails.length ? integration.notificationEmails.join(", ") : "Nobody"}</dd>
                <dt className="text-slate-600">Safeguard</dt>
                <dd>Hold a sync deactivating over {integration.safeguardPercent}% of active users</dd>
                <dt className="text-slate-600">Time zone</dt>
                <dd title="Termination and start dates take effect at midnight in this zone">{integration.timeZone}</dd>
              </dl>
              <div className="flex flex-wrap gap-2">
                <Link href="/admin/integrations/edit" className={secondaryButtonClass}>
                  Edit
                </Link>
                <Link href="/admin/integrations/preview" className={secondaryButtonClass}>
                  Preview
                </Link>
                <DisconnectButton />
              </div>
            </section>
            <section aria-labelledby="sync-title" className="space-y-2">
              <h3 id="sync-title" className="font-medium">
                Sync
              </h3>
              <ScheduleLine inngest={inngestConfigured()} />
              <SyncControls initial={latest} hasRecipients={integration.notificationEmails.length > 0} />
            </section>
            <SyncModesSection modes={integration.modes} inngest={inngestConfigured()} />
          </>
        )}
      </Card>
      <Card className="mt-5">
        <h2 className="mb-3 text-lg font-semibold">History</h2>
        <RunHistory runs={runs} />
      </Card>
    </>
  );
}
