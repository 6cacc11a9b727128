import { redirect } from "next/navigation";
import { Card, PageTitle } from "@/app/_components/ui";
import { requireAdmin } from "@/lib/auth/session";
import { SPEC_EMPLOYMENT_STATUSES } from "@/lib/bamboohr/api-types";
import { getDb } from "@/lib/db";
import { log } from "@/lib/log/logger";
import { INCREMENTAL_CHOICES } from "@/lib/integrations/connection";
import { clientFor, getIntegration } from "@/lib/sync/source";
import { getOrganization } from "@/lib/auth/organizations";
import { SettingsForm } from "./settings-form";

/** Every IANA zone the runtime knows, with the saved one first if it is not among them. */
function timeZoneChoices(current: string): string[] {
  const zones = Intl.supportedValuesOf("timeZone");
  return zones.includes(current) ? zones : [current, ...zones];
}

export default async function EditIntegrationPage() {
  const admin = await requireAdmin();
  const db = await getDb();
  const integration = await getIntegration(db, admin.organizationId);
  const org = (await getOrganization(db, admin.organizationId))!;
  if (!integration?.enabled) redirect("/admin/integrations");
  // The company's own employment statuses; the spec's list when BambooHR cannot be read.
  let statuses: Array<{ name: string; archived: boolean }> = SPEC_EMPLOYMENT_STATUSES.map((name) => ({ name, archived: false }));
  let statusSource: "bamboohr" | "fallback" = "fallback";
  try {
    const own = await clientFor(integration, { retry: { attempts: 1 }, timeoutMs: 10_000 }).fetchEmploymentStatuses();
    if (own.length) {
      statuses = own.map((s) => ({ name: s.name, archived: s.archived }));
      statusSource = "bamboohr";
    }
  } catch (error) {
    log.warn("employment statuses not read from BambooHR", { organizationId: admin.organizationId, error });
  }
  return (
    <>
      <PageTitle>BambooHR settings</PageTitle>
      <Card>
        <SettingsForm
          subdomain={integration.subdomain}
          keyLast4={integration.apiKeyLast4}
          statuses={statuses}
          statusSource={statusSource}
          blocklist={integration.activationBlocklist}
          notificationEmails={integration.notificationEmails}
          safeguardPercent={integration.safeguardPercent}
          timeZone={org.timeZone}
          timeZones={timeZoneChoices(org.timeZone)}
          incrementalHours={integration.incrementalHours}
          incrementalChoices={INCREMENTAL_CHOICES}
          prestartDays={integration.prestartDays}
        />
      </Card>
    </>
  );
}
