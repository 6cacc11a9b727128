import { Card, TextLink } from "@/app/_components/ui";

export default function CheckEmailPage() {
  return (
    <main className="mx-auto max-w-md px-4 py-16">
      <h1 className="mb-6 text-2xl font-semibold">Check your e-mail</h1>
      <Card>
        <p className="text-sm">
          If an account uses this address, we have sent it a sign-in link. It works once, within 10 minutes. Nothing arrived? Check your
          spam folder, or <TextLink href="/login">ask for a new link</TextLink> in a few minutes.
        </p>
      </Card>
    </main>
  );
}
