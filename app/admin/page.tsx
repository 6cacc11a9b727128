import { Alert, Badge, Card, displayName, PageTitle, TextLink } from "@/app/_components/ui";
import { requireAdmin } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { dashboard, UPCOMING_DAYS } from "@/lib/directory/dashboard";
import { STATUS_LABEL, statusTone } from "./integrations/_components/format";
import { LocalTime } from "./integrations/_components/local-time";
import { ChangesChart } from "./_components/changes-chart";

export const dynamic = "force-dynamic";

function People({ title, people, empty }: { title: string; people: Awaited<ReturnType<typeof dashboard>>["leaving"]; empty: string }) {
  return (
    <Card>
      <h2 className="mb-2 font-semibold">{title}</h2>
      {people.length === 0 ? (
        <p className="text-sm text-slate-600">{empty}</p>
      ) : (
        <ul className="divide-y divide-slate-200 text-sm" aria-label={title}>
          {people.map((p) => (
            <li key={p.id} className="flex justify-between gap-3 py-1.5">
              <TextLink href={`/admin/users/${p.id}`}>{displayName(p)}</TextLink>
              <span className="whitespace-nowrap text-slate-600">{p.date}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export default async function Dashboard() {
  const admin = await requireAdmin();
  const d = await dashboard(await getDb(), admin.organizationId);
  const stats: Array<[string, number, string]> = [
    ["Active", d.counts.active, "/admin/users?status=active"],
    ["Inactive", d.counts.inactive, "/admin/users?status=inactive"],
    ["Managed by BambooHR", d.counts.managed, "/admin/users?source=bamboohr"],
    ["Manual", d.counts.manual, "/admin/users?source=manual"],
  ];
  return (
    <>
      <PageTitle>Dashboard</PageTitle>
      <div className="space-y-5">
        {d.attention.length ? (
          <section aria-label="Needs your attention" className="space-y-2">
            {d.attention.map((a) => (
              <Alert key={a.text} tone="amber">
                {a.text} <TextLink href={a.href}>Open</TextLink>
              </Alert>
            ))}
          </section>
        ) : null}
        <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          {stats.map(([label, n, href]) => (
            <div key={label} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
              <dt className="text-sm text-slate-600">{label}</dt>
              <dd className="text-2xl font-semibold">
                <a href={href} className="hover:underline">
                  {n}
                </a>
              </dd>
            </div>
          ))}
        </dl>
        <Card>
          <h2 className="mb-2 font-semibold">Syncs</h2>
          {!d.connected ? (
            <p className="text-sm text-slate-600">
              BambooHR is not connected. <TextLink href="/admin/integrations">Set it up</TextLink>.
            </p>
          ) : (
            <div className="mb-3 space-y-1 text-sm">
              <p>
                Last sync:{" "}
                {d.latest ? (
                  <>
                    <Badge tone={statusTone(d.latest.status)}>{STATUS_LABEL[d.latest.status]}</Badge>{" "}
                    <TextLink href={`/admin/integrations/runs/${d.latest.id}`}>
                      <LocalTime iso={d.latest.startedAt.toISOString()} withZone />
                    </TextLink>
                  </>
                ) : (
                  "none yet"
                )}
              </p>
              <p>
                Next scheduled sync:{" "}
                {d.nextRun ? <LocalTime iso={d.nextRun.toISOString()} withZone /> : "none (nightly syncs need Inngest; Sync now works)"}
              </p>
            </div>
          )}
          <ChangesChart bars={d.chart} />
        </Card>
        <div className="grid gap-5 lg:grid-cols-2">
          <People title={`Leaving in the next ${UPCOMING_DAYS} days`} people={d.leaving} empty="No terminations coming." />
          <People title={`Starting in the next ${UPCOMING_DAYS} days`} people={d.starting} empty="No start dates coming." />
        </div>
      </div>
    </>
  );
}
