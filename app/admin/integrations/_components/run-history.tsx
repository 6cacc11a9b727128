import { Badge, TextLink } from "@/app/_components/ui";
import type { RunSummary } from "@/lib/integrations/view";
import { countsLine, duration, STATUS_LABEL, statusTone, TRIGGER_LABEL } from "./format";
import { LocalTime } from "./local-time";

export function RunHistory({ runs }: { runs: RunSummary[] }) {
  if (runs.length === 0) return <p className="text-sm text-slate-600">No syncs yet. Runs appear here with their outcome.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-sm" aria-label="Sync history">
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            {["Started", "Trigger", "Duration", "Status", "Changes"].map((h) => (
              <th key={h} scope="col" className="whitespace-nowrap px-3 py-2 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {runs.map((r) => (
            <tr key={r.id}>
              <td className="whitespace-nowrap px-3 py-2">
                <TextLink href={`/admin/integrations/runs/${r.id}`}>
                  <LocalTime iso={r.startedAt} />
                </TextLink>
              </td>
              <td className="px-3 py-2">{TRIGGER_LABEL[r.trigger] ?? r.trigger}</td>
              <td className="whitespace-nowrap px-3 py-2">{duration(r.startedAt, r.finishedAt)}</td>
              <td className="px-3 py-2">
                <Badge tone={statusTone(r.status)}>{STATUS_LABEL[r.status] ?? r.status}</Badge>
              </td>
              <td className="min-w-72 px-3 py-2 text-slate-600">
                {r.status === "failed" ? r.error : countsLine(r.counts)}
                {r.counts?.errors ? ` · ${r.counts.errors} errors` : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
