import { NIGHTLY, nextNightlyRun } from "@/lib/integrations/schedule";
import { LocalTime } from "./local-time";

export function ScheduleLine({ inngest }: { inngest: boolean }) {
  if (!inngest) {
    return (
      <p className="text-sm text-slate-600">
        Nightly scheduling needs Inngest, which is not configured on this server, so syncs run only when you press Sync now. See
        docs/operations.md (&ldquo;Scheduled syncs&rdquo;) to turn on the {NIGHTLY.label} schedule.
      </p>
    );
  }
  return (
    <p className="text-sm text-slate-600">
      Syncs nightly at {NIGHTLY.label}. Next run: <LocalTime iso={nextNightlyRun().toISOString()} withZone />.
    </p>
  );
}
