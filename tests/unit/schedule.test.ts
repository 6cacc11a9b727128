import { describe, expect, it } from "vitest";
import { nextNightlyRun } from "@/lib/integrations/schedule";

describe("[INTEGRATIONS] next nightly run at 3:00 am Pacific", () => {
  it.each([
    ["winter, before 3am PST", "2026-01-15T10:00:00Z", "2026-01-15T11:00:00.000Z"],
    ["winter, after 3am PST", "2026-01-15T11:30:00Z", "2026-01-16T11:00:00.000Z"],
    ["summer, PDT", "2026-07-01T12:00:00Z", "2026-07-02T10:00:00.000Z"],
    ["the night clocks spring forward", "2026-03-08T05:00:00Z", "2026-03-08T10:00:00.000Z"],
    ["the night clocks fall back", "2026-11-01T08:00:00Z", "2026-11-01T11:00:00.000Z"],
  ])("%s", (_name, now, expected) => {
    expect(nextNightlyRun(new Date(now)).toISOString()).toBe(expected);
  });
});
