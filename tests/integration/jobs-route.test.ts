import { createServer } from "node:http";
import { describe, expect, it } from "vitest";

// Its own file: the Inngest client reads INNGEST_DEV when it is created, so the variable is set first.
describe("[JOBS] the served route", () => {
  it("the served route registers every function, the 3am Pacific cron and the singleton", async () => {
    const bodies: string[] = [];
    const devServer = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        bodies.push(body);
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ ok: true }));
      });
    });
    await new Promise<void>((resolve) => devServer.listen(0, "127.0.0.1", resolve));
    process.env.INNGEST_DEV = `http://127.0.0.1:${(devServer.address() as { port: number }).port}`;
    try {
      const { GET, PUT } = await import("@/app/api/inngest/route");
      const { HOURLY_CRON } = await import("@/lib/jobs/functions/incremental");
      const info = await (await GET(new Request("http://127.0.0.1:3000/api/inngest") as never, {} as never)).json();
      // Six functions; the four that sync also register their failure handlers.
      expect(info).toMatchObject({ mode: "dev", function_count: 10 });
      expect((await PUT(new Request("http://127.0.0.1:3000/api/inngest", { method: "PUT" }) as never, {} as never)).status).toBe(200);
      const registered = JSON.parse(bodies[0]) as {
        functions: Array<{
          id: string;
          triggers: Array<{ cron?: string; event?: string }>;
          singleton?: { key: string };
          debounce?: { key: string; period: string };
        }>;
      };
      const byId = new Map(registered.functions.map((f) => [f.id, f]));
      // The spec's "3am PST": 3:00 in Los Angeles, daylight saving included, as Inngest is told it.
      expect(byId.get("roster-bamboohr-nightly-fanout")!.triggers).toEqual([{ cron: "TZ=America/Los_Angeles 0 3 * * *" }]);
      expect(byId.get("roster-bamboohr-sync-integration")).toMatchObject({
        triggers: [{ event: "bamboohr/sync.requested" }],
        singleton: { key: "event.data.integrationId", mode: "skip" },
      });
      expect(byId.get("roster-bamboohr-apply-approved-run")!.triggers).toEqual([{ event: "bamboohr/sync.approved" }]);
      expect(byId.get("roster-bamboohr-incremental-fanout")!.triggers).toEqual([{ cron: HOURLY_CRON }]);
      expect(byId.get("roster-bamboohr-incremental-sync")).toMatchObject({
        triggers: [{ event: "bamboohr/sync.incremental" }],
        singleton: { key: "event.data.integrationId", mode: "skip" },
      });
      expect(byId.get("roster-bamboohr-webhook-sync")).toMatchObject({
        triggers: [{ event: "bamboohr/changes.received" }],
        debounce: { key: "event.data.integrationId", period: "5s" },
      });
    } finally {
      delete process.env.INNGEST_DEV;
      devServer.close();
    }
  });
});
