import { afterEach, describe, expect } from "vitest";
import { GET } from "@/app/api/metrics/route";
import { it } from "../helpers/connected-org";

const TOKEN = "a-metrics-token-for-the-tests";
const scrape = (authorization?: string) =>
  GET(new Request("http://127.0.0.1/api/metrics", { headers: authorization ? { authorization } : {} }));

/** The value of one series in Prometheus' text format (0 when absent). */
function value(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

afterEach(() => {
  delete process.env.METRICS_TOKEN;
});

describe("[OPS] metrics", () => {
  it("counts a sync's run, employees, changes and steps; only with the token", async ({ connectedOrg }) => {
    process.env.METRICS_TOKEN = TOKEN;
    const s = await connectedOrg({ size: 25 });
    expect((await scrape()).status).toBe(401);
    expect((await scrape("Bearer not-the-token-at-all")).status).toBe(401);
    const before = await (await scrape(`Bearer ${TOKEN}`)).text();
    const outcome = await s.sync();
    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    const after = await response.text();
    const moved = (series: string) => value(after, series) - value(before, series);
    const run = await s.run(outcome.runId!);
    expect(moved(`roster_sync_runs_total{trigger="manual",outcome="${run.status}"}`)).toBe(1);
    expect(moved("roster_sync_employees_read_total")).toBe(25);
    expect(moved('roster_sync_changes_applied_total{kind="created"}')).toBe(run.counts!.created);
    for (const step of ["fetch-and-stage", "plan", "apply-batch", "link-managers", "finish-run"])
      expect(moved(`roster_sync_step_duration_seconds_count{step="${step}"}`), step).toBeGreaterThanOrEqual(1);
    expect(after).toMatch(/^roster_outbox_messages\{status="queued"\} \d+/m);
    expect(after).toMatch(/^# TYPE roster_db_pool_in_use gauge/m);
    expect(after).toMatch(/^# TYPE roster_webhook_deliveries_total counter/m);
    expect(after).toMatch(/^# TYPE roster_sign_ins_total counter/m);
    // No label names a person or an organization.
    expect(after).not.toMatch(/@|[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it("does not exist while METRICS_TOKEN is unset", async () => {
    expect((await scrape(`Bearer ${TOKEN}`)).status).toBe(404);
  });
});
