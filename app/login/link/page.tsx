import { buttonClass, Card } from "@/app/_components/ui";
import { spendLinkAction } from "../actions";

export const dynamic = "force-dynamic";

/** Opening a link spends nothing (mail scanners open links too): the button does. */
export default async function SignInLinkPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  return (
    <main className="mx-auto max-w-md px-4 py-16">
      <h1 className="mb-6 text-2xl font-semibold">Sign in to Roster</h1>
      <Card>
        <form action={spendLinkAction} className="space-y-4">
          <input type="hidden" name="token" value={typeof token === "string" ? token : ""} />
          <p className="text-sm">You opened a sign-in link. Continue to sign in on this device.</p>
          <button type="submit" className={buttonClass}>
            Continue to Roster
          </button>
        </form>
      </Card>
    </main>
  );
}
