import Link from "next/link";
import { Badge, Card, displayName, inputClass, PageTitle, secondaryButtonClass, TextLink } from "@/app/_components/ui";
import { requireAdmin } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { directoryQuerySchema, INACTIVE_REASON_LABEL, departmentOptions, listUsers, type DirectoryQuery } from "@/lib/directory/users";
import { notFound } from "next/navigation";
import { routeParam } from "@/lib/route-params";

function pageHref(query: DirectoryQuery, page: number, sort: Pick<DirectoryQuery, "sort" | "dir"> = query) {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  if (query.status !== "all") params.set("status", query.status);
  if (query.department) params.set("department", query.department);
  if (query.source !== "all") params.set("source", query.source);
  if (query.reason) params.set("reason", query.reason);
  if (sort.sort !== "name") params.set("sort", sort.sort);
  if (sort.dir !== "asc") params.set("dir", sort.dir);
  params.set("page", String(page));
  return `/admin/users?${params}`;
}

// Columns collapse as the screen narrows (the table scrolls inside its card, never the page): at 1280 px the
// name, title, department, manager, status and source show; on a phone the name and status.
const COLUMNS: Array<{ label: string; className: string; sort?: DirectoryQuery["sort"] }> = [
  { label: "Name", className: "", sort: "name" },
  { label: "E-mail", className: "hidden 2xl:table-cell" },
  { label: "Employee ID", className: "hidden 2xl:table-cell" },
  { label: "Title", className: "hidden lg:table-cell" },
  { label: "Department", className: "hidden md:table-cell", sort: "department" },
  { label: "Manager", className: "hidden xl:table-cell" },
  { label: "Location", className: "hidden 2xl:table-cell" },
  { label: "Status", className: "", sort: "status" },
  { label: "Deactivated", className: "hidden 2xl:table-cell" },
  { label: "Source", className: "hidden sm:table-cell" },
];

function SortHeader({ query, column }: { query: DirectoryQuery; column: (typeof COLUMNS)[number] }) {
  const current = query.sort === column.sort;
  const next = current && query.dir === "asc" ? "desc" : "asc";
  return (
    <th
      scope="col"
      className={`whitespace-nowrap px-3 py-2 font-medium ${column.className}`}
      aria-sort={current ? (query.dir === "asc" ? "ascending" : "descending") : undefined}
    >
      {column.sort ? (
        <Link href={pageHref(query, 1, { sort: column.sort, dir: next })} className="hover:underline">
          {column.label}
          {current ? (query.dir === "asc" ? " ▲" : " ▼") : ""}
        </Link>
      ) : (
        column.label
      )}
    </th>
  );
}

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const admin = await requireAdmin();
  const query = routeParam(directoryQuerySchema, await searchParams);
  if (!query) notFound();
  const db = await getDb();
  const [{ rows, total, pages }, departments] = await Promise.all([
    listUsers(db, admin.organizationId, query),
    departmentOptions(db, admin.organizationId),
  ]);
  if (query.page > pages) notFound();
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
        <div>
          <label htmlFor="source" className="block text-sm font-medium text-slate-700">
            Source
          </label>
          <select id="source" name="source" defaultValue={query.source} className={inputClass}>
            <option value="all">All</option>
            <option value="bamboohr">Managed by BambooHR</option>
            <option value="manual">Manual</option>
          </select>
        </div>
        <div>
          <label htmlFor="reason" className="block text-sm font-medium text-slate-700">
            Inactive because
          </label>
          <select id="reason" name="reason" defaultValue={query.reason ?? ""} className={inputClass}>
            <option value="">Any reason</option>
            {Object.entries(INACTIVE_REASON_LABEL).map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </select>
        </div>
        {query.sort !== "name" ? <input type="hidden" name="sort" value={query.sort} /> : null}
        {query.dir !== "asc" ? <input type="hidden" name="dir" value={query.dir} /> : null}
        <button type="submit" className={secondaryButtonClass}>
          Apply
        </button>
      </form>
      <Card className="overflow-x-auto p-0">
        {rows.length === 0 ? (
          <p className="p-5 text-sm text-slate-600">
            {total === 0 && !query.q && query.status === "all" && !query.department && query.source === "all" && !query.reason
              ? "No users yet. Connect BambooHR under Third-Party Integrations to fill the directory."
              : "No users match these filters."}
          </p>
        ) : (
          <table className="min-w-full text-sm">
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                {COLUMNS.map((c) => (
                  <SortHeader key={c.label} query={query} column={c} />
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {rows.map((u) => (
                <tr key={u.id} className="hover:bg-slate-50">
                  <td className="px-3 py-2">
                    <TextLink href={`/admin/users/${u.id}`}>{displayName(u)}</TextLink>
                    <div className="text-xs text-slate-500 2xl:hidden">{u.email}</div>
                  </td>
                  <td className="hidden px-3 py-2 2xl:table-cell">{u.email}</td>
                  <td className="hidden px-3 py-2 2xl:table-cell">{u.employeeId}</td>
                  <td className="hidden px-3 py-2 lg:table-cell">{u.title}</td>
                  <td className="hidden px-3 py-2 md:table-cell">{u.department}</td>
                  <td className="hidden whitespace-nowrap px-3 py-2 xl:table-cell">
                    {u.managerLastName !== null ? `${u.managerFirstName} ${u.managerLastName}` : ""}
                  </td>
                  <td className="hidden px-3 py-2 2xl:table-cell">{u.location}</td>
                  <td className="px-3 py-2">
                    {u.active ? (
                      <Badge tone="green">Active</Badge>
                    ) : u.inactiveReasonCode === "prestart" ? (
                      <Badge tone="amber">Starts on {u.startDate}</Badge>
                    ) : (
                      <Badge tone="gray">Inactive</Badge>
                    )}
                  </td>
                  <td className="hidden whitespace-nowrap px-3 py-2 2xl:table-cell">{u.deactivationDate}</td>
                  <td className="hidden px-3 py-2 sm:table-cell">
                    {u.source === "bamboohr" ? <Badge tone="blue">BambooHR</Badge> : "Manual"}
                  </td>
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
