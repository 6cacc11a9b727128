import { Card, PageTitle, TextLink } from "@/app/_components/ui";
import { requireAdmin } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { orgGraph, type ChartNode } from "@/lib/directory/org-chart";
import { OrgTree } from "./org-tree";

export const dynamic = "force-dynamic";

function Apart({ title, hint, people }: { title: string; hint: string; people: ChartNode[] }) {
  return (
    <Card>
      <h2 className="font-semibold">
        {title} ({people.length})
      </h2>
      <p className="mb-2 text-xs text-slate-600">{hint}</p>
      {people.length === 0 ? (
        <p className="text-sm text-slate-600">None.</p>
      ) : (
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label={title}>
          {people.slice(0, 200).map((p) => (
            <li key={p.id}>
              <TextLink href={`/admin/users/${p.id}`}>{p.name}</TextLink>
              {p.active ? "" : <span className="text-slate-600"> (inactive)</span>}
            </li>
          ))}
          {people.length > 200 ? <li className="text-slate-600">and {people.length - 200} more</li> : null}
        </ul>
      )}
    </Card>
  );
}

/** The manager tree as BambooHR gave it, to check it at a glance (what breaks most often). */
export default async function OrgChartPage() {
  const admin = await requireAdmin();
  const graph = await orgGraph(await getDb(), admin.organizationId);
  return (
    <>
      <PageTitle>Org chart</PageTitle>
      <div className="space-y-5">
        <Card>
          <p className="mb-3 text-xs text-slate-600">
            {graph.size} people. The coloured edge is the department; inactive people are grey, with a dashed border. Open a person to see
            who reports to them.
          </p>
          <OrgTree roots={graph.roots} />
        </Card>
        <Apart title="No manager" hint="Nobody above them and nobody reporting to them." people={graph.alone} />
        <Apart
          title="Reporting to someone inactive"
          hint="Active people whose manager has left or was deactivated."
          people={graph.toInactive}
        />
        <Apart title="In a reporting loop" hint="Their managers lead back to them: no top can be found." people={graph.loops} />
      </div>
    </>
  );
}
