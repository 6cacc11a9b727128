import Link from "next/link";
import { Card, inputClass, PageTitle, secondaryButtonClass, TextLink } from "@/app/_components/ui";
import { requireMember } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { listPeople, peopleQuerySchema, type PeopleQuery } from "@/lib/directory/people";
import { departmentOptions } from "@/lib/directory/users";

function pageHref(query: PeopleQuery, page: number) {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  if (query.department) params.set("department", query.department);
  params.set("page", String(page));
  return `/people?${params}`;
}

/** The people directory: active colleagues, searched by name or title, filtered by department. */
export default async function PeoplePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireMember();
  const query = peopleQuerySchema.parse(await searchParams);
  const db = await getDb();
  const [result, departments] = await Promise.all([
    listPeople(db, member.organizationId, query),
    departmentOptions(db, member.organizationId),
  ]);
  return (
    <>
      <PageTitle>People</PageTitle>
      <Card>
        <form role="search" className="mb-4 flex flex-wrap items-end gap-3" action="/people">
          <label className="min-w-48 flex-1 text-sm">
            <span className="mb-1 block font-medium">Search</span>
            <input name="q" defaultValue={query.q ?? ""} placeholder="Name or title" className={inputClass} />
          </label>
          <label className="text-sm">
            <span className="mb-1 block font-medium">Department</span>
            <select name="department" defaultValue={query.department ?? ""} className={inputClass}>
              <option value="">All departments</option>
              {departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className={secondaryButtonClass}>
            Search
          </button>
        </form>
        <p className="mb-2 text-sm text-slate-600" aria-live="polite">
          {result.total === 1 ? "1 person" : `${result.total} people`}
        </p>
        <ul className="divide-y divide-slate-100" aria-label="People">
          {result.rows.map((p) => (
            <li key={p.id} className="flex flex-wrap items-baseline justify-between gap-x-4 py-2">
              <span>
                <TextLink href={`/people/${p.id}`}>{p.name}</TextLink>
                {p.title ? <span className="text-sm text-slate-600"> · {p.title}</span> : null}
              </span>
              <span className="text-sm text-slate-600">{[p.department, p.location].filter(Boolean).join(" · ")}</span>
            </li>
          ))}
        </ul>
        {result.pages > 1 ? (
          <nav aria-label="Pages" className="mt-4 flex items-center gap-3 text-sm">
            {query.page > 1 ? <Link href={pageHref(query, query.page - 1)}>Previous</Link> : null}
            <span>
              Page {query.page} of {result.pages}
            </span>
            {query.page < result.pages ? <Link href={pageHref(query, query.page + 1)}>Next</Link> : null}
          </nav>
        ) : null}
      </Card>
    </>
  );
}
