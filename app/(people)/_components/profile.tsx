import { Badge, Card, PageTitle, TextLink } from "@/app/_components/ui";
import type { personProfile } from "@/lib/directory/people";

type Profile = NonNullable<Awaited<ReturnType<typeof personProfile>>>;

function Row({ label, children, synced }: { label: string; children: React.ReactNode; synced?: boolean }) {
  return (
    <div className="grid grid-cols-3 gap-2 py-1.5 text-sm">
      <dt className="font-medium text-slate-600">{label}</dt>
      <dd className="col-span-2 break-words">
        {children || <span className="text-slate-500">—</span>}
        {synced ? <span className="sr-only"> (from BambooHR)</span> : null}
      </dd>
    </div>
  );
}

/** A person as colleagues see them: who they are, where they sit in the organization, how to reach them. */
export function ProfileView({ person, title }: { person: Profile; title?: string }) {
  const fromBamboo = person.source === "bamboohr";
  return (
    <>
      <PageTitle>{title ?? person.name}</PageTitle>
      <div className="grid gap-5 md:grid-cols-2">
        <Card>
          <h2 className="mb-2 font-semibold">{person.name}</h2>
          {fromBamboo ? (
            <p className="mb-2 text-xs text-slate-600">
              <Badge tone="blue">BambooHR</Badge> These details come from BambooHR: ask your HR team to change them.
            </p>
          ) : null}
          <dl className="divide-y divide-slate-100">
            <Row label="Title" synced={fromBamboo}>
              {person.title}
            </Row>
            <Row label="Department" synced={fromBamboo}>
              {person.department}
            </Row>
            <Row label="Manager" synced={fromBamboo}>
              {person.manager ? <TextLink href={`/people/${person.manager.id}`}>{person.manager.name}</TextLink> : null}
            </Row>
            <Row label="Location" synced={fromBamboo}>
              {person.location}
            </Row>
            <Row label="Phone" synced={fromBamboo}>
              {person.phone ? <a href={`tel:${person.phone}`}>{person.phone}</a> : null}
            </Row>
            <Row label="E-mail" synced={fromBamboo}>
              {person.email ? <a href={`mailto:${person.email}`}>{person.email}</a> : null}
            </Row>
            <Row label="Start date" synced={fromBamboo}>
              {person.startDate}
            </Row>
          </dl>
        </Card>
        <Card>
          <h2 className="mb-2 font-semibold">Reporting line</h2>
          {person.chain.length ? (
            <ol className="mb-4 space-y-1 text-sm" aria-label="Managers">
              {[...person.chain].reverse().map((m) => (
                <li key={m.id}>
                  <TextLink href={`/people/${m.id}`}>{m.name}</TextLink>
                </li>
              ))}
              <li className="font-medium">{person.name}</li>
            </ol>
          ) : (
            <p className="mb-4 text-sm text-slate-600">No manager in Roster.</p>
          )}
          <h3 className="mb-1 text-sm font-semibold">Reports ({person.reports.length})</h3>
          {person.reports.length ? (
            <ul className="space-y-1 text-sm" aria-label="Reports">
              {person.reports.map((r) => (
                <li key={r.id}>
                  <TextLink href={`/people/${r.id}`}>{r.name}</TextLink>
                  {r.title ? <span className="text-slate-600"> · {r.title}</span> : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-600">Nobody reports to {person.name}.</p>
          )}
        </Card>
      </div>
    </>
  );
}
