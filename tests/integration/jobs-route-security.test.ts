import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import { Inngest } from "inngest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { functions } from "@/lib/jobs/functions";
import { inngestHandlers, inngestSignatureValid } from "@/lib/jobs/serve";

// A fake Inngest that keeps every registration it receives: what the SDK would tell the real one.
const received: Array<{ path: string; body: string; authorization?: string }> = [];
const fakeInngest = createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    received.push({ path: req.url ?? "", body, authorization: req.headers.authorization });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok: true, modified: true }));
  });
});
let base = "";
const saved = { ...process.env };
beforeAll(async () => {
  await new Promise<void>((resolve) => fakeInngest.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(fakeInngest.address() as { port: number }).port}`;
  process.env.APP_URL = "https://roster.example.test";
});
afterAll(() => {
  process.env = saved;
  fakeInngest.close();
});

const spoofed = () =>
  new Request("http://attacker.example/api/inngest", {
    method: "PUT",
    headers: { host: "attacker.example", "x-forwarded-host": "attacker.example" },
  });

describe("[SECURITY] the Inngest endpoint", () => {
  it("registers the app at APP_URL whatever Host the request names", async () => {
    const client = new Inngest({ id: "roster", isDev: true, baseUrl: base });
    const { PUT } = inngestHandlers(client, functions);
    received.length = 0;
    expect((await PUT(spoofed(), {})).status).toBe(200);
    const registration = JSON.parse(received.at(-1)!.body) as { url: string };
    expect(registration.url).toMatch(/^https:\/\/roster\.example\.test\/api\/inngest/);
    expect(received.some((r) => r.body.includes("attacker.example"))).toBe(false);
  });

  it("in production an unsigned PUT registers nothing and sends no signing key anywhere", async () => {
    Object.assign(process.env, {
      NODE_ENV: "production",
      AUTH_SECRET: "a-production-auth-secret-of-32-characters!",
      ENCRYPTION_KEY: "k1:" + Buffer.alloc(32, 1).toString("base64"),
      INNGEST_SIGNING_KEY: "signkey-prod-0123456789abcdef",
    });
    try {
      const client = new Inngest({ id: "roster", isDev: false, baseUrl: base, signingKey: "signkey-prod-0123456789abcdef" });
      const { PUT } = inngestHandlers(client, functions);
      received.length = 0;
      expect((await PUT(spoofed(), {})).status).toBe(401);
      expect(received).toHaveLength(0);
    } finally {
      Object.assign(process.env, { NODE_ENV: saved.NODE_ENV });
    }
  });

  it("with a signing key, a PUT registers only with Inngest's valid signature, checked before the SDK sees it", async () => {
    const signingKey = "signkey-test-" + "ab".repeat(32);
    process.env.INNGEST_SIGNING_KEY = signingKey;
    try {
      const client = new Inngest({ id: "roster", isDev: false, baseUrl: base, signingKey });
      const { PUT } = inngestHandlers(client, functions);
      const t = String(Math.floor(Date.now() / 1000));
      const sign = (body: string, at = t, key = signingKey.replace(/^signkey-test-/, "")) =>
        `t=${at}&s=${createHmac("sha256", key)
          .update(body + at)
          .digest("hex")}`;
      const put = (signature?: string, body = "") =>
        PUT(
          new Request("https://roster.example.test/api/inngest", {
            method: "PUT",
            headers: signature ? { "x-inngest-signature": signature } : {},
            body: body || undefined,
          }),
          {},
        );
      const stale = String(Number(t) - 600);
      received.length = 0;
      for (const forged of [undefined, "any header at all", `t=${t}&s=${"0".repeat(64)}`, sign("", stale), sign("", t, "another key")])
        expect((await put(forged)).status).toBe(401);
      expect(await put(sign("", t), '{"url":"x"}').then((r) => r.status)).toBe(401); // signed for another body
      expect(received).toHaveLength(0);
      expect((await put(sign(""))).status).toBe(200);
      expect(received.filter((r) => r.path.includes("register"))).toHaveLength(1);
      expect(inngestSignatureValid(sign("{}"), "{}", signingKey)).toBe(true);
      expect(inngestSignatureValid(sign("{}").toUpperCase(), "{}", signingKey)).toBe(false); // T= is not t=
    } finally {
      delete process.env.INNGEST_SIGNING_KEY;
    }
  });
});
