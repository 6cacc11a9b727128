import Link from "next/link";
import { Badge, Card, inputClass, secondaryButtonClass, TextLink } from "@/app/_components/ui";
import { REVIEW_KINDS, type ReviewKind, type ReviewQuery, type runReview } from "@/lib/integrations/run-review";
import { ChangeList } from "../../_components/change-list";
import { changeSummary } from "../../_components/change-summary";

const KIND_LABEL: Record<ReviewKind, string> = {
  created: "Created",
  updated: "Updated",
  deactivated: "Deactivated",
  reactivated: "Reactivated",
  skipped: "Skipped",
  error: "Other problems",
};
const KIND_TONE: Record<ReviewKind, "green" | "blue" | "gray" | "amber" | "red"> = {
  created: "green",
  updated: "blue",
  deactivated: "gray",
  reactivated: "green",
  skipped: "amber",
  error: "red",
};

function href(runId: string, query: Partial<ReviewQuery>, extra = "") {
  const params = new URLSearchParams();
  if (query.kind) params.set("kind", query.kind);
  if (query.q) params.set("q", query.q);
  if (query.page && query.page > 1) params.set("page", String(query.page));
  const qs = params.toString();
  return `/admin/integrations/runs/${runId}${extra}${qs ? `?${qs}` : ""}`;
}

/**
 * A run's changes as one paged, filterable list: kind chips with counts, a search, a CSV of the same rows. One line
 * per person (kind, name, what changed in a few words); the whole before → after opens on demand.
 */
export function RunReview({
  review,
  query,
  held,
}: {
  review: NonNullable<Awaited<ReturnType<typeof runReview>>>;
  query: ReviewQuery;
  held: boolean;
}) {
  const runId = review.run.id;
  const all = REVIEW_KINDS.filter((k) => k !== "error" && k !== "skipped").reduce((n, k) => n + review.counts[k], 0);
  const chip = (kind: ReviewKind | undefined, label: string, n: number) => {
    const current = query.kind === kind;
    return (
      <Link
        key={label}
        href={href(runId, { kind, q: query.q })}
        aria-current={current ? "true" : undefined}
        className={`rounded-full border px-3 py-1 text-sm ${current ? "border-indigo-600 bg-indigo-50 text-indigo-800" : "border-slate-300 text-slate-700 hover:bg-slate-50"}`}
      >
        {label} {n}
      </Link>
    );
  };
  return (
    <Card>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 className="font-semibold">{held ? "Held changes" : "Changes"}</h2>
        <a className={secondaryButtonClass} href={href(runId, { kind: query.kind, q: query.q }, "/changes.csv")} download>
          Download CSV
        </a>
      </div>
      <nav aria-label="Kinds of change" className="mb-3 flex flex-wrap gap-2">
        {chip(undefined, "All", all)}
        {REVIEW_KINDS.map((k) => chip(k, KIND_LABEL[k], review.counts[k]))}
      </nav>
      <form role="search" action={href(runId, {})} className="mb-3 flex gap-2">
        {query.kind ? <input type="hidden" name="kind" value={query.kind} /> : null}
        <label htmlFor="review-q" className="sr-only">
          Search by name or e-mail
        </label>
        <input id="review-q" name="q" defaultValue={query.q} placeholder="Search by name or e-mail" className={inputClass + " max-w-sm"} />
        <button type="submit" className={secondaryButtonClass}>
          Search
        </button>
      </form>
      {review.rows.length === 0 ? (
        <p className="text-sm text-slate-600">Nothing here.</p>
      ) : (
        <ul className="divide-y divide-slate-200 text-sm" aria-label="Run changes">
          {review.rows.map((r) => {
            const summary = r.reason ?? changeSummary(r.kind as Exclude<ReviewKind, "skipped" | "error">, r.changes);
            const hasDetails = !r.reason && Object.keys(r.changes).length > 0;
            return (
              <li key={r.id} className="py-0.5">
                <details className="group">
                  <summary className="flex min-w-0 cursor-pointer items-center gap-2">
                    <Badge tone={KIND_TONE[r.kind]}>{r.kind === "error" ? "Problem" : KIND_LABEL[r.kind]}</Badge>
                    <span className="shrink-0 font-medium">{r.name}</span>
                    <span className="min-w-0 truncate text-slate-600 group-open:whitespace-normal" title={summary}>
                      {summary}
                    </span>
                  </summary>
                  <div className="mt-1 ml-2 space-y-1 border-l-2 border-slate-200 pl-3">
                    <p className="text-xs text-slate-500">
                      {[r.email, r.employeeId ? `#${r.employeeId}` : null].filter(Boolean).join(" · ")}
                      {r.userId ? (
                        <>
                          {" "}
                          <TextLink href={`/admin/users/${r.userId}`}>Open profile</TextLink>
                        </>
                      ) : null}
                    </p>
                    {hasDetails ? <ChangeList changes={r.changes} created={r.kind === "created"} /> : null}
                  </div>
                </details>
              </li>
            );
          })}
        </ul>
      )}
      <nav aria-label="Pages" className="mt-3 flex items-center justify-between text-sm text-slate-600">
        <span>
          {review.total} {review.total === 1 ? "row" : "rows"} · page {query.page} of {review.pages}
        </span>
        <span className="flex gap-2">
          {query.page > 1 ? (
            <Link className={secondaryButtonClass} href={href(runId, { ...query, page: query.page - 1 })}>
              Previous
            </Link>
          ) : null}
          {query.page < review.pages ? (
            <Link className={secondaryButtonClass} href={href(runId, { ...query, page: query.page + 1 })}>
              Next
            </Link>
          ) : null}
        </span>
      </nav>
    </Card>
  );
}
