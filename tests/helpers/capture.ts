import { createServer } from "node:http";
import { afterAll } from "vitest";

export type Captured = { body: Buffer; headers: Record<string, string | string[] | undefined> };

/** A plain HTTP endpoint that records what is posted to it (where the emulator's webhooks deliver in tests). */
export async function captureServer(status = 200) {
  const received: Captured[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ body: Buffer.concat(chunks), headers: req.headers });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  /** Resolves once `count` deliveries arrived (or rejects after `ms`). */
  const waitFor = async (count: number, ms = 5_000) => {
    const deadline = Date.now() + ms;
    while (received.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} deliveries, got ${received.length}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return received;
  };
  return { origin, received, waitFor };
}
