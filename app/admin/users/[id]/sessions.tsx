import { Card, secondaryButtonClass } from "@/app/_components/ui";
import { LocalTime } from "@/app/admin/integrations/_components/local-time";
import type { sessionsOf } from "@/lib/auth/session-store";
import { endSessionAction } from "./actions";

/** A person's signed-in browsers (device, last seen), each of which an admin can end. */
export function Sessions({ userId, sessions }: { userId: string; sessions: Awaited<ReturnType<typeof sessionsOf>> }) {
  return (
    <Card>
      <h2 className="mb-2 font-semibold">Sessions</h2>
      {sessions.length === 0 ? (
        <p className="text-sm text-slate-600">Not signed in anywhere.</p>
      ) : (
        <ul className="divide-y divide-slate-200 text-sm" aria-label="Sessions">
          {sessions.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 py-1.5">
              <span className="min-w-0">
                <span className="block truncate">{s.device ?? "Unknown browser"}</span>
                <span className="text-xs text-slate-500">
                  Signed in <LocalTime iso={s.createdAt.toISOString()} />, last seen <LocalTime iso={s.lastSeenAt.toISOString()} />
                </span>
              </span>
              <form
                action={async () => {
                  "use server";
                  await endSessionAction({ userId, sessionId: s.id });
                }}
              >
                <button type="submit" className={secondaryButtonClass}>
                  End session
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
