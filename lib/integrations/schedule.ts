const ZONE = "America/Los_Angeles";

/** Milliseconds that `zone`'s wall clock is ahead of UTC at `instant`. */
function zoneOffset(instant: number, zone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(instant)
      .filter((p) => p.type !== "literal")
      .map((p) => [p.type, Number(p.value)]),
  );
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - Math.floor(instant / 1000) * 1000;
}

/** The next 3:00 am in Los Angeles after `now` (the nightly cron), daylight saving included. */
export function nextNightlyRun(now: Date = new Date(), hour = 3): Date {
  for (let day = 0; day < 3; day++) {
    const la = new Date(now.getTime() + zoneOffset(now.getTime(), ZONE) + day * 86_400_000);
    const wall = Date.UTC(la.getUTCFullYear(), la.getUTCMonth(), la.getUTCDate(), hour);
    let instant = wall - zoneOffset(wall, ZONE);
    instant = wall - zoneOffset(instant, ZONE);
    if (instant > now.getTime()) return new Date(instant);
  }
  throw new Error("unreachable");
}
