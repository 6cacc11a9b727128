import { Card, TextLink } from "@/app/_components/ui";
import { isRefusal, REFUSALS } from "@/lib/auth/admission";

export const dynamic = "force-dynamic";

/** Why a sign-in was refused, in an employee's words; never which rule, never anyone else's data. */
export default async function RefusedPage({ searchParams }: { searchParams: Promise<{ why?: string | string[] }> }) {
  const { why } = await searchParams;
  const message = isRefusal(why) ? REFUSALS[why] : REFUSALS.sso;
  return (
    <main className="mx-auto max-w-md px-4 py-16">
      <h1 className="mb-6 text-2xl font-semibold">You could not be signed in</h1>
      <Card>
        <p className="mb-4" role="alert" data-testid="refusal">
          {message}
        </p>
        <TextLink href="/login">Back to sign-in</TextLink>
      </Card>
    </main>
  );
}
