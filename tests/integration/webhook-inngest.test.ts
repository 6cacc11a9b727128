import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, createOrg } from "../helpers/factories";

// Its own file: the Inngest client reads INNGEST_DEV when it is created, so the variable is set first.
const events: Array<{ name: string; data: Record<string, unknown> }> = [];
const fakeInngest = createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    if (req.url?.startsWith("/e/")) events.push(...(JSON.parse(body) as typeof events));
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ ids: ["evt"], status: 200 }));
  });
});
beforeAll(async () => {
  await new Promise<void>((resolve) => fakeInngest.listen(0, "127.0.0.1", resolve));
  process.env.INNGEST_DEV = `http://127.0.0.1:${(fakeInngest.address() as { port: number }).port}`;
});
afterAll(() => {
  delete process.env.INNGEST_DEV;
  fakeInngest.close();
});

describe("[WEBHOOKS] with Inngest configured", () => {
  it("an accepted delivery becomes one bamboohr/changes.received event for the integration; nothing runs in process", async () => {
    const { requestTargetedSync } = await import("@/lib/jobs/requests");
    const { db, org } = await createOrg();
    const integration = await connect(db, org.id, { subdomain: "acme", apiKey: "key-of-acme-1234" });
    await requestTargetedSync(db, { id: integration.id, organizationId: org.id });
    expect(events).toEqual([
      expect.objectContaining({ name: "bamboohr/changes.received", data: { organizationId: org.id, integrationId: integration.id } }),
    ]);
  });
});
