import { startStandalone } from "./support/standalone";
import { eq } from "drizzle-orm";
import { hashPassword } from "@/lib/auth/password";
import { organizations, users } from "@/lib/db/schema";
import { db } from "./support/fixtures";
import { expect, test } from "./support/test";

test("[SECURITY] every page carries the security headers, and its scripts the response's nonce", async ({ page }) => {
  const response = await page.goto("/login");
  const headers = response!.headers();
  const csp = headers["content-security-policy"];
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  for (const directive of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "default-src 'self'"])
    expect(csp).toContain(directive);
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(headers).toMatchObject({
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
  });
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["strict-transport-security"]).toBeUndefined(); // APP_URL is http here; https adds HSTS
  const scripts = await page.locator("script").evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
  expect(scripts.length).toBeGreaterThan(0);
  for (const n of scripts) expect(n).toBe(nonce);
  const second = (await page.request.get("/login")).headers()["content-security-policy"];
  expect(/'nonce-([^']+)'/.exec(second)?.[1]).not.toBe(nonce);
});

test("[SECURITY] 40 sign-ins at once with wrong passwords, then the right one over HTTP: refused", async ({ playwright, baseURL }) => {
  const d = await db();
  const [org] = await d.select().from(organizations).where(eq(organizations.slug, "acme-corp"));
  const email = `target-${Date.now()}@acme.test`;
  const password = "the-right-password-7";
  await d.insert(users).values({ organizationId: org.id, email, role: "admin", passwordHash: await hashPassword(password) });
  const client = await playwright.request.newContext({ baseURL });
  // One CSRF token (a double-submit cookie) for every attempt, as a script would.
  const { csrfToken } = await (await client.get("/api/auth/csrf")).json();
  const attempt = async (pw: string) => {
    const res = await client.post("/api/auth/callback/credentials", {
      form: { csrfToken, email, password: pw, callbackUrl: "/admin" },
      maxRedirects: 0,
    });
    return (res.headers()["set-cookie"] ?? "").includes("authjs.session-token=");
  };
  const healthBefore = Date.now();
  await client.get("/api/health");
  const idleHealthMs = Date.now() - healthBefore;
  const burst = Promise.all(Array.from({ length: 40 }, (_, i) => attempt(`wrong-guess-${i}`)));
  const during = Date.now();
  await client.get("/api/health");
  const busyHealthMs = Date.now() - during;
  expect((await burst).some(Boolean)).toBe(false);
  expect(await attempt(password)).toBe(false);
  console.log(`health check: ${idleHealthMs} ms idle, ${busyHealthMs} ms during 40 parallel sign-ins`);
  const [target] = await d.select().from(users).where(eq(users.email, email));
  expect(target.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
  await client.dispose();
});

test("[SECURITY] an anonymous PUT to the Inngest endpoint with a spoofed Host registers nothing", async ({ request }) => {
  const res = await request.put("/api/inngest", { headers: { host: "attacker.example", "x-forwarded-host": "attacker.example" } });
  expect(res.status()).toBe(401);
});

test("[SECURITY] the server refuses to boot on a bad ENCRYPTION_KEY, naming it", async () => {
  const app = startStandalone(3199, {
    NODE_ENV: "production",
    AUTH_SECRET: "a-production-auth-secret-of-32-characters!",
    ENCRYPTION_KEY: "k1:too-short",
    DATABASE_URL: "",
    PGLITE_DIR: "memory://",
  });
  let output = "";
  app.stdout!.on("data", (c) => (output += c));
  app.stderr!.on("data", (c) => (output += c));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      app.kill("SIGKILL");
      resolve(null);
    }, 45_000);
    app.on("exit", (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  expect(code).toBe(1);
  expect(output).toMatch(/Roster cannot start: ENCRYPTION_KEY must be id:base64 of 32 bytes/);
  expect(output).not.toContain("too-short");
});
