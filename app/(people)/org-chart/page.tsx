import { Card, PageTitle, TextLink } from "@/app/_components/ui";
import { requireMember } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { chartTops } from "@/lib/directory/people";

/** The top of the organization, read-only: each person's page goes on down through their reports. */
export default async function PeopleOrgChartPage() {
  const member = await requireMember();
  const tops = await chartTops(await getDb(), member.organizationId);
  return (
    <>
      <PageTitle>Org chart</PageTitle>
      <Card>
        <p className="mb-3 text-sm text-slate-600">The people at the top of a reporting line. Open anyone to see who reports to them.</p>
        <ul className="divide-y divide-slate-100" aria-label="Top of the organization">
          {tops.map((p) => (
            <li key={p.id} className="flex flex-wrap justify-between gap-x-4 py-2 text-sm">
              <span>
                <TextLink href={`/people/${p.id}`}>{p.name}</TextLink>
                {p.title ? <span className="text-slate-600"> · {p.title}</span> : null}
              </span>
              <span className="text-slate-600">{p.reports === 1 ? "1 report" : `${p.reports} reports`}</span>
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
