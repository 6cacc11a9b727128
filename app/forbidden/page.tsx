import { signOut } from "@/lib/auth/config";
import { Card, secondaryButtonClass, TextLink } from "@/app/_components/ui";

export default function ForbiddenPage() {
  return (
    <main className="mx-auto max-w-md px-4 py-16">
      <Card>
        <h1 className="mb-2 text-xl font-semibold">Admins only</h1>
        <p className="mb-4 text-sm text-slate-600">
          Your account is not an admin of this organization, so the admin area is closed to it. The{" "}
          <TextLink href="/people">people directory</TextLink> is open to you.
        </p>
        <form
          action={async () => {
            "use server";
            await signOut({ redirectTo: "/login" });
          }}
        >
          <button className={secondaryButtonClass}>Sign out</button>
        </form>
      </Card>
    </main>
  );
}
