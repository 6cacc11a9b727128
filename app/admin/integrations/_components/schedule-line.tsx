import { nextNightlyRun } from "@/lib/integrations/schedule";
import { LocalTime } from "./local-time";

export function ScheduleLine({ inngest }: { inngest: boolean }) {
  if (!inngest) {
    return (
      <p className="text-sm text-slate-600">
        Nightly scheduling needs Inngest, which is not configured on this server, so syncs run only when you press Sync now. See the README
        (&ldquo;Scheduled syncs&rdquo;) to turn on the 3:00 am Pacific schedule.
      </p>
    );
  }
  return (
    <p className="text-sm text-slate-600">
      Syncs nightly at 3:00 am Pacific. Next run: <LocalTime iso={nextNightlyRun().toISOString()} withZone />.
    </p>
  );
}
