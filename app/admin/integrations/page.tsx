import { Card, PageTitle } from "@/app/_components/ui";
import { requireAdmin } from "@/lib/auth/session";

export default async function IntegrationsPage() {
  await requireAdmin();
  return (
    <>
      <PageTitle>Third-Party Integrations</PageTitle>
      <Card>
        <h2 className="font-medium">BambooHR</h2>
        <p className="text-sm text-slate-600">Not connected.</p>
      </Card>
    </>
  );
}
