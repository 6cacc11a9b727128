import { notFound } from "next/navigation";
import { Alert, Badge, Card, PageTitle, TextLink } from "@/app/_components/ui";
import { requireAdmin } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { reviewQuerySchema, runReview, runWelcomes } from "@/lib/integrations/run-review";
import { runDetails } from "@/lib/integrations/view";
import { routeParam, uuidParam } from "@/lib/route-params";
import { countsLine, duration, STATUS_LABEL, statusTone, TRIGGER_LABEL } from "../../_components/format";
import { LocalTime } from "../../_components/local-time";
import { ReviewButtons } from "./review-buttons";
import { RunReview } from "./run-review";

export const dynamic = "force-dynamic";

export default async function RunPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const admin = await requireAdmin();
  const id = routeParam(uuidParam, (await params).id);
  const query = routeParam(reviewQuerySchema, await searchParams);
  if (!id || !query) notFound();
  const db = await getDb();
  const details = await runDetails(db, admin.organizationId, id);
  if (!details) notFound();
  const { run, missingFields, approvedBy } = details;
  const [review, welcomes] = await Promise.all([runReview(db, admin.organizationId, id, query), runWelcomes(db, admin.organizationId, id)]);
  if (!review || query.page > review.pages) notFound();
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
            {welcomes.sent + welcomes.queued + welcomes.failed > 0 ? (
              <>
                <dt className="text-slate-600">Welcome e-mails</dt>
                <dd data-testid="welcome-emails">
                  {[
                    `${welcomes.sent} sent`,
                    welcomes.queued ? `${welcomes.queued} waiting in the outbox` : "",
                    welcomes.failed ? `${welcomes.failed} failed (retried with the run's notify step)` : "",
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                  <details className="mt-1">
                    <summary className="cursor-pointer text-slate-600">To whom</summary>
                    <ul className="mt-1 break-all text-xs">
                      {welcomes.to.map((to) => (
                        <li key={to}>{to}</li>
                      ))}
                    </ul>
                  </details>
                </dd>
              </>
            ) : null}
          </dl>
        </Card>
        {run.error ? <Alert>{run.error}</Alert> : null}
        {run.holdMessage && run.status === "needs_review" ? <Alert tone="amber">{run.holdMessage}</Alert> : null}
        {run.holdMessage && run.approvedAt ? (
          <Alert tone="blue">
            The safeguard held this sync ({run.holdMessage.split(", more than")[0].replace(/^This sync would/, "it would")}) until an admin
            approved it.
          </Alert>
        ) : null}
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
            <p className="mb-3 text-sm text-slate-600">
              Nothing has been applied. Deactivations are listed first, each with its reason. Approving reads BambooHR again and applies
              what still stands: a deactivation that BambooHR no longer asks for is not applied, and one that appeared since this review
              waits for the next sync.
            </p>
            <ReviewButtons runId={run.id} />
          </Card>
        ) : null}
        {review ? <RunReview review={review} query={query} held={run.status === "needs_review"} /> : null}
      </div>
    </>
  );
}
