import { Card, PageTitle } from "@/app/_components/ui";
import { requireAdmin } from "@/lib/auth/session";
import { getSignInSettings, settingsView, ssoRedirectUri } from "@/lib/auth/sign-in-settings";
import { getDb } from "@/lib/db";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";

/** How employees sign in: the organization's identity provider, e-mailed links, or both. */
export default async function SignInSettingsPage() {
  const admin = await requireAdmin();
  const settings = settingsView(await getSignInSettings(await getDb(), admin.organizationId));
  return (
    <>
      <PageTitle>Sign-in</PageTitle>
      <Card className="max-w-2xl">
        <p className="mb-4 text-sm text-slate-600">
          Employees sign in with your identity provider or with a one-time link sent to their work e-mail. Only active accounts get in: when
          BambooHR deactivates someone, their sessions end at once.
        </p>
        <SignInForm redirectUri={ssoRedirectUri()} settings={settings} />
      </Card>
    </>
  );
}
