import { notFound } from "next/navigation";
import { Alert, Badge, Card, PageTitle, TextLink } from "@/app/_components/ui";
import { requireAdmin } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { runDetails } from "@/lib/integrations/view";
import { ChangeList } from "../../_components/change-list";
import { countsLine, duration, STATUS_LABEL, statusTone, TRIGGER_LABEL } from "../../_components/format";
import { LocalTime } from "../../_components/local-time";
import { ReviewButtons } from "./review-buttons";

export const dynamic = "force-dynamic";

const ACTION_LABEL: Record<string, string> = { create: "Created", update: "Updated", deactivate: "Deactivated", reactivate: "Reactivated" };

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const admin = await requireAdmin();
  const { id } = await params;
  const details = /^[0-9a-f-]{36}$/.test(id) ? await runDetails(await getDb(), admin.organizationId, id) : null;
  if (!details) notFound();
  const { run, errors, changes, planned, missingFields, approvedBy } = details;
  return (
    <>
      <p className="mb-2 text-sm">
        <TextLink href="/admin/integrations">← Third-Party Integrations</TextLink>
      </p>
      <PageTitle>
        Sync run <Badge tone={statusTone(run.status)}>{STATUS_LABEL[run.status]}</Badge>
      </PageTitle>
      <div className="space-y-5">
        <Card>
          <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-600">Started</dt>
            <dd>
              <LocalTime iso={run.startedAt} />
            </dd>
            <dt className="text-slate-600">Trigger</dt>
            <dd>{TRIGGER_LABEL[run.trigger] ?? run.trigger}</dd>
            <dt className="text-slate-600">Duration</dt>
            <dd>{duration(run.startedAt, run.finishedAt)}</dd>
            {run.approvedAt ? (
              <>
                <dt className="text-slate-600">Approved</dt>
                <dd>
                  by {approvedBy ?? "an admin"}, <LocalTime iso={run.approvedAt} />
                </dd>
              </>
            ) : null}
            <dt className="text-slate-600">Counts</dt>
            <dd>
              {countsLine(run.counts)}
              {run.counts ? ` · ${run.counts.errors} errors` : ""}
            </dd>
          </dl>
        </Card>
        {run.error ? <Alert>{run.error}</Alert> : null}
        {run.holdMessage ? <Alert tone={run.status === "needs_review" ? "amber" : "blue"}>{run.holdMessage}</Alert> : null}
        {run.status === "superseded" ? (
          <Alert tone="blue">A newer sync replaced this held run: nothing in this plan was applied. Review the newest run instead.</Alert>
        ) : null}
        {run.status === "discarded" ? <Alert tone="blue">Discarded by an admin: nothing in this plan was applied.</Alert> : null}
        {run.status === "running" ? (
          <Alert tone="blue">This sync is running; its progress shows on the Third-Party Integrations page.</Alert>
        ) : null}
        {run.warnings.map((w) => (
          <Alert key={w} tone="amber">
            {w}
          </Alert>
        ))}
        {missingFields.length ? <Alert tone="amber">Fields the API key could not see: {missingFields.join(", ")}.</Alert> : null}
        {run.status === "needs_review" ? (
          <Card>
            <h2 className="mb-2 font-semibold">Held changes ({planned.length})</h2>
            <p className="mb-3 text-sm text-slate-600">
              Nothing has been applied. Deactivations are listed first, each with its reason. Approving reads BambooHR again and applies
              what still stands: a deactivation that BambooHR no longer asks for is not applied, and one that appeared since this review
              waits for the next sync.
            </p>
            <ReviewButtons runId={run.id} />
            <ul className="mt-4 divide-y divide-slate-200" aria-label="Held changes">
              {planned.map((p) => (
                <li key={p.id} className="py-2">
                  <div className="text-sm">
                    <span className="font-medium">{p.name}</span> {p.employeeId ? `#${p.employeeId}` : ""} ·{" "}
                    {ACTION_LABEL[p.action] ?? p.action}
                  </div>
                  <ChangeList changes={p.changes ?? {}} />
                </li>
              ))}
            </ul>
          </Card>
        ) : null}
        <Card>
          <h2 className="mb-2 font-semibold">Records with errors ({errors.length})</h2>
          {errors.length === 0 ? (
            <p className="text-sm text-slate-600">None.</p>
          ) : (
            <table className="min-w-full text-sm" aria-label="Record errors">
              <thead className="text-left text-slate-600">
                <tr>
                  <th className="py-1 pr-3 font-medium">Employee</th>
                  <th className="py-1 pr-3 font-medium">Employee ID</th>
                  <th className="py-1 font-medium">Reason</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {errors.map((e) => (
                  <tr key={e.id}>
                    <td className="py-1 pr-3">{e.name ?? "(no name)"}</td>
                    <td className="py-1 pr-3">{e.employeeId ?? ""}</td>
                    <td className="py-1">{e.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
        <Card>
          <h2 className="mb-2 font-semibold">Changes made ({changes.length})</h2>
          {changes.length === 0 ? (
            <p className="text-sm text-slate-600">No user was changed by this run.</p>
          ) : (
            <ul className="divide-y divide-slate-200" aria-label="Changes made">
              {changes.map((c) => (
                <li key={c.id} className="py-2">
                  <div className="text-sm">
                    {c.userId ? <TextLink href={`/admin/users/${c.userId}`}>{`${c.firstName} ${c.lastName}`}</TextLink> : "(deleted user)"}{" "}
                    {c.employeeId ? `#${c.employeeId}` : ""} · {ACTION_LABEL[c.action] ?? c.action}
                  </div>
                  <ChangeList changes={c.changes} created={c.action === "create"} />
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
