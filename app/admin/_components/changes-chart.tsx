import Link from "next/link";
import { CHART_RUNS, type dashboard } from "@/lib/directory/dashboard";

type Bar = Awaited<ReturnType<typeof dashboard>>["chart"][number];

/**
 * Changes per run, oldest to newest, as plain SVG bars (each a link to its run, with its numbers as a title).
 * A few dozen bars need no chart library: no client JavaScript, nothing for the CSP to allow.
 */
export function ChangesChart({ bars }: { bars: Bar[] }) {
  if (bars.length === 0) return <p className="text-sm text-slate-600">No syncs yet.</p>;
  const max = Math.max(1, ...bars.map((b) => b.changes));
  const width = 600;
  const height = 120;
  // A slot per run the chart can hold, so that a few runs are a few narrow bars (newest at the right), not wide blocks.
  const slot = width / Math.max(bars.length, CHART_RUNS);
  const left = width - slot * bars.length;
  return (
    <figure>
      <svg
        viewBox={`0 0 ${width} ${height + 4}`}
        preserveAspectRatio="none"
        className="h-36 w-full"
        role="img"
        aria-label={`Changes per sync over the last ${bars.length} syncs`}
      >
        <line x1="0" y1={height} x2={width} y2={height} stroke="#cbd5e1" />
        {bars.map((b, i) => {
          const h = Math.max(b.changes > 0 ? 2 : 0, (b.changes / max) * (height - 10));
          const tone = b.status === "failed" ? "#dc2626" : b.status === "needs_review" ? "#d97706" : "#4f46e5";
          return (
            <Link key={b.id} href={`/admin/integrations/runs/${b.id}`}>
              <rect x={left + i * slot + slot * 0.15} y={height - h} width={slot * 0.7} height={h} fill={tone}>
                <title>{`${b.startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC: ${b.changes} change(s), ${b.status.replace(/_/g, " ")}`}</title>
              </rect>
            </Link>
          );
        })}
      </svg>
      <figcaption className="text-xs text-slate-500">
        Created, updated, deactivated and reactivated users per sync, oldest left; up to {max} in one sync. Red: failed; amber: held.
      </figcaption>
    </figure>
  );
}
