import { redirect } from "next/navigation";
import { Card } from "@/app/_components/ui";
import { organizationCount } from "@/lib/auth/organizations";
import { getDb } from "@/lib/db";
import { setupTokenRequired } from "@/lib/auth/setup-token";
import { SetupForm } from "./setup-form";

export const dynamic = "force-dynamic";

export default async function SetupPage() {
  // First run only: once an organization exists, this page is closed for good.
  if ((await organizationCount(await getDb())) > 0) redirect("/login");
  return (
    <main className="mx-auto max-w-md px-4 py-16">
      <h1 className="mb-2 text-2xl font-semibold">Set up Roster</h1>
      <p className="mb-6 text-sm text-slate-600">Create your organization and its first admin account.</p>
      <Card>
        <SetupForm tokenRequired={setupTokenRequired()} />
      </Card>
    </main>
  );
}
