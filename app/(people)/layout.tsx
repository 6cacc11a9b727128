import Link from "next/link";
import { SignOutButton } from "@/app/_components/sign-out";
import { getOrganization } from "@/lib/auth/organizations";
import { requireMember } from "@/lib/auth/session";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

/** What every signed-in employee sees: the directory, the org chart and their own profile (admins also their area). */
export default async function PeopleLayout({ children }: { children: React.ReactNode }) {
  const member = await requireMember();
  const org = await getOrganization(await getDb(), member.organizationId);
  const links = [
    { href: "/people", label: "People" },
    { href: "/org-chart", label: "Org chart" },
    { href: "/me", label: "My profile" },
    ...(member.role === "admin" ? [{ href: "/admin", label: "Admin" }] : []),
  ];
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <div>
            <div className="font-semibold">Roster</div>
            <div className="truncate text-xs text-slate-500">{org?.name}</div>
          </div>
          <nav aria-label="Main" className="flex flex-1 flex-wrap items-center gap-3">
            {links.map((l) => (
              <Link key={l.href} href={l.href} className="rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-100">
                {l.label}
              </Link>
            ))}
            <SignOutButton className="ml-auto" />
          </nav>
        </div>
      </header>
      <main className="mx-auto max-w-5xl px-4 py-6">{children}</main>
    </div>
  );
}
