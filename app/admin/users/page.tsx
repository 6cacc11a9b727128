import Link from "next/link";
import { Badge, Card, displayName, inputClass, PageTitle, secondaryButtonClass, TextLink } from "@/app/_components/ui";
import { requireAdmin } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { directoryQuerySchema, listDepartments, listUsers, type DirectoryQuery } from "@/lib/directory/users";

function pageHref(query: DirectoryQuery, page: number) {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  if (query.status !== "all") params.set("status", query.status);
  if (query.department) params.set("department", query.department);
  params.set("page", String(page));
  return `/admin/users?${params}`;
}

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const admin = await requireAdmin();
  const query = directoryQuerySchema.parse(await searchParams);
  const db = await getDb();
  const [{ rows, total, pages }, departments] = await Promise.all([
    listUsers(db, admin.organizationId, query),
    listDepartments(db, admin.organizationId),
  ]);
  return (
    <>
      <PageTitle
        actions={
          <a href="/admin/users/export" className={secondaryButtonClass} download>
            Export CSV
          </a>
        }
      >
        Users
      </PageTitle>
      <form role="search" className="mb-4 flex flex-wrap items-end gap-3" action="/admin/users">
        <div className="min-w-56 flex-1">
          <label htmlFor="q" className="block text-sm font-medium text-slate-700">
            Search
          </label>
          <input id="q" name="q" defaultValue={query.q} placeholder="Name, e-mail, employee ID, title" className={inputClass} />
        </div>
        <div>
          <label htmlFor="status" className="block text-sm font-medium text-slate-700">
            Status
          </label>
          <select id="status" name="status" defaultValue={query.status} className={inputClass}>
            <option value="all">All</option>
            <option value="active">Active</option>
            <option value="inactive">Inactive</option>
          </select>
        </div>
        <div>
          <label htmlFor="department" className="block text-sm font-medium text-slate-700">
            Department
          </label>
          <select id="department" name="department" defaultValue={query.department ?? ""} className={inputClass}>
            <option value="">All departments</option>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className={secondaryButtonClass}>
          Apply
        </button>
      </form>
      <Card className="overflow-x-auto p-0">
        {rows.length === 0 ? (
          <p className="p-5 text-sm text-slate-600">
            {total === 0 && !query.q && query.status === "all" && !query.department
              ? "No users yet. Connect BambooHR under Third-Party Integrations to fill the directory."
              : "No users match these filters."}
          </p>
        ) : (
          <table className="min-w-full text-sm">
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                {["Name", "E-mail", "Employee ID", "Title", "Department", "Manager", "Location", "Status", "Deactivated", "Source"].map(
                  (h) => (
                    <th key={h} scope="col" className="whitespace-nowrap px-3 py-2 font-medium">
                      {h}
                    </th>
                  ),
                )}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {rows.map((u) => (
                <tr key={u.id} className="hover:bg-slate-50">
                  <td className="whitespace-nowrap px-3 py-2">
                    <TextLink href={`/admin/users/${u.id}`}>{displayName(u)}</TextLink>
                  </td>
                  <td className="px-3 py-2">{u.email}</td>
                  <td className="px-3 py-2">{u.employeeId}</td>
                  <td className="px-3 py-2">{u.title}</td>
                  <td className="px-3 py-2">{u.department}</td>
                  <td className="whitespace-nowrap px-3 py-2">
                    {u.managerLastName !== null ? `${u.managerFirstName} ${u.managerLastName}` : ""}
                  </td>
                  <td className="px-3 py-2">{u.location}</td>
                  <td className="px-3 py-2">{u.active ? <Badge tone="green">Active</Badge> : <Badge tone="gray">Inactive</Badge>}</td>
                  <td className="whitespace-nowrap px-3 py-2">{u.deactivationDate}</td>
                  <td className="px-3 py-2">{u.source === "bamboohr" ? <Badge tone="blue">BambooHR</Badge> : "Manual"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <nav aria-label="Pagination" className="mt-4 flex items-center justify-between text-sm text-slate-600">
        <span>
          {total} {total === 1 ? "user" : "users"} · page {query.page} of {pages}
        </span>
        <span className="flex gap-2">
          {query.page > 1 ? (
            <Link className={secondaryButtonClass} href={pageHref(query, query.page - 1)}>
              Previous
            </Link>
          ) : null}
          {query.page < pages ? (
            <Link className={secondaryButtonClass} href={pageHref(query, query.page + 1)}>
              Next
            </Link>
          ) : null}
        </span>
      </nav>
    </>
  );
}
