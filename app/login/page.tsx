import { redirect } from "next/navigation";
import { Alert, Card } from "@/app/_components/ui";
import { organizationCount } from "@/lib/auth/organizations";
import { getDb } from "@/lib/db";
import { LoginForm } from "./login-form";

export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ setup?: string }> }) {
  if ((await organizationCount(await getDb())) === 0) redirect("/setup");
  const { setup } = await searchParams;
  return (
    <main className="mx-auto max-w-md px-4 py-16">
      <h1 className="mb-6 text-2xl font-semibold">Sign in to Roster</h1>
      <Card>
        <div className="space-y-4">
          {setup === "done" ? <Alert tone="green">Your organization is ready. Sign in with the admin account.</Alert> : null}
          <LoginForm />
        </div>
      </Card>
    </main>
  );
}
