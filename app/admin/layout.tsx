import Link from "next/link";
import { SignOutButton } from "@/app/_components/sign-out";
import { requireAdmin } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { getOrganization } from "@/lib/auth/organizations";

export const dynamic = "force-dynamic";

const nav = [
  {
    group: "Directory",
    items: [
      { href: "/admin", label: "Dashboard" },
      { href: "/admin/users", label: "Users" },
      { href: "/admin/org-chart", label: "Org chart" },
      { href: "/admin/departments", label: "Departments" },
    ],
  },
  {
    group: "Platform Configuration",
    items: [
      { href: "/admin/integrations", label: "Third-Party Integrations" },
      { href: "/admin/sign-in", label: "Sign-in" },
    ],
  },
  { group: "Roster", items: [{ href: "/people", label: "People directory" }] },
];

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const admin = await requireAdmin();
  const db = await getDb();
  const org = await getOrganization(db, admin.organizationId);
  return (
    <div className="min-h-screen md:flex">
      <aside className="border-b border-slate-200 bg-white md:min-h-screen md:w-60 md:shrink-0 md:border-b-0 md:border-r">
        <div className="px-4 py-4">
          <div className="text-lg font-semibold">Roster</div>
          <div className="truncate text-xs text-slate-500">{org?.name}</div>
        </div>
        <nav aria-label="Admin" className="flex flex-wrap gap-x-4 px-4 pb-3 md:block md:space-y-4">
          {nav.map((section) => (
            <div key={section.group}>
              <div className="hidden text-xs font-semibold uppercase tracking-wide text-slate-500 md:block">{section.group}</div>
              <ul className="flex gap-3 md:mt-1 md:block md:space-y-1">
                {section.items.map((item) => (
                  <li key={item.href}>
                    <Link href={item.href} className="block rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-100">
                      {item.label}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          ))}
          <SignOutButton />
        </nav>
      </aside>
      <main className="min-w-0 flex-1 px-4 py-6 md:px-8">{children}</main>
    </div>
  );
}
