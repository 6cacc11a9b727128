import Link from "next/link";
import { Card, secondaryButtonClass, TextLink } from "@/app/_components/ui";
import { ChangeList } from "@/app/admin/integrations/_components/change-list";
import { TRIGGER_LABEL } from "@/app/admin/integrations/_components/format";
import { LocalTime } from "@/app/admin/integrations/_components/local-time";
import type { userHistory } from "@/lib/directory/history";

const ACTION: Record<string, string> = {
  create: "Created",
  update: "Updated",
  deactivate: "Deactivated",
  reactivate: "Reactivated",
};

/** The person's timeline: every change, by which run or which admin, when (in the viewer's time zone), newest first. */
export function History({ userId, page, history }: { userId: string; page: number; history: Awaited<ReturnType<typeof userHistory>> }) {
  const href = (p: number) => `/admin/users/${userId}?historyPage=${p}#history`;
  return (
    <Card>
      <h2 id="history" className="mb-3 font-semibold">
        History ({history.total})
      </h2>
      {history.entries.length === 0 ? (
        <p className="text-sm text-slate-600">No recorded changes yet.</p>
      ) : (
        <ol className="space-y-3 border-l-2 border-slate-200 pl-4" aria-label="History">
          {history.entries.map((e) => (
            <li key={e.id}>
              <div className="text-sm">
                <span className="font-medium">{ACTION[e.action] ?? e.action}</span> ·{" "}
                {e.by.kind === "run" ? (
                  <TextLink
                    href={`/admin/integrations/runs/${e.by.runId}`}
                  >{`Sync (${e.by.trigger ? TRIGGER_LABEL[e.by.trigger] : "run"})`}</TextLink>
                ) : (
                  <span>by {e.by.name}</span>
                )}{" "}
                · <LocalTime iso={e.at.toISOString()} withZone />
              </div>
              <ChangeList changes={e.changes} created={e.action === "create"} />
            </li>
          ))}
        </ol>
      )}
      {history.pages > 1 ? (
        <nav aria-label="History pages" className="mt-4 flex items-center justify-between text-sm text-slate-600">
          <span>
            Page {page} of {history.pages}
          </span>
          <span className="flex gap-2">
            {page > 1 ? (
              <Link className={secondaryButtonClass} href={href(page - 1)}>
                Newer
              </Link>
            ) : null}
            {page < history.pages ? (
              <Link className={secondaryButtonClass} href={href(page + 1)}>
                Older
              </Link>
            ) : null}
          </span>
        </nav>
      ) : null}
    </Card>
  );
}
