import { createHmac } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { createOrganizationWithAdmin } from "@/lib/auth/organizations";
import { emulatedEmployee } from "@/lib/bamboohr/emulator/employee";
import { generateCompany } from "@/lib/bamboohr/emulator/generator";
import type { EmulatedEmployee, EmulatedKey, WebhookDelivery } from "@/lib/bamboohr/emulator/types";
import { E2E_PORT } from "../playwright.config";
import { db, emulator, signInAsAdmin } from "./support/fixtures";

test.describe.configure({ mode: "serial" });

const stamp = Date.now() % 100000;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

function companyOf(domain: string, key: EmulatedKey, extra: EmulatedEmployee[] = []) {
  const company = generateCompany({ domain, size: 1, keys: [key] });
  const person = (over: Partial<EmulatedEmployee> & { id: string }) =>
    emulatedEmployee({
      employeeNumber: `F${over.id}`,
      workEmail: `f${over.id}@${domain}.example.com`,
      firstName: "Fay",
      lastName: `Fast${over.id}`,
      ...over,
    });
  company.employees = [
    person({ id: "1", lastName: "Founder", jobTitle: "CEO" }),
    ...Array.from({ length: 8 }, (_, i) => person({ id: String(10 + i), supervisorEId: "1" })),
    ...extra,
  ];
  return company;
}

/** Signs in and sets BambooHR up through the page; then, unless told not to, a first Sync now. */
async function connectWithUi(page: Page, admin: { email: string; password: string }, domain: string, key: string, sync = true) {
  await signInAsAdmin(page, admin.email, admin.password);
  await page.goto("/admin/integrations");
  await page.getByRole("button", { name: "Set up" }).click();
  await page.getByLabel("Subdomain").fill(domain);
  await page.getByLabel("API Key").fill(key);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("bamboohr-state")).toHaveText("Connected");
  if (sync) await syncNow(page);
}

/** Sync now, confirming past the "no notification address" warning, until the run succeeds. */
async function syncNow(page: Page) {
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByText(/No error-notification address is set/)).toBeVisible();
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByText(/^Last sync:/)).toContainText("Succeeded", { timeout: 30_000 });
}

/** Reloads the users page until `row` shows `text` (the change arrives on its own: nobody presses Sync now). */
async function waitInDirectory(page: Page, query: string, text: RegExp, withinMs: number) {
  const started = Date.now();
  await expect(async () => {
    await page.goto(`/admin/users?q=${encodeURIComponent(query)}`);
    await expect(page.getByRole("row", { name: new RegExp(query) })).toContainText(text, { timeout: 1_000 });
  }).toPass({ timeout: withinMs, intervals: [1_000] });
  return Date.now() - started;
}

test("[FAST PATH] instant updates: a change in BambooHR reaches the directory within a minute, as a webhook run", async ({ page }) => {
  test.setTimeout(180_000);
  const domain = `fastco${stamp}`;
  const key = "fast-path-key-0123456789";
  const admin = { email: `admin@${domain}.test`, password: "a-long-password-6" };
  await emulator("company", companyOf(domain, { key }));
  await createOrganizationWithAdmin(await db(), { organizationName: `Fast ${domain}`, email: admin.email, password: admin.password });
  await connectWithUi(page, admin, domain, key);
  await expect(page.getByTestId("mode-api")).toHaveText("Datasets API");
  await expect(page.getByTestId("mode-instant")).toContainText("Off");

  await page.getByRole("button", { name: "Turn instant updates on" }).click();
  await expect(page.getByText("Instant updates are on")).toBeVisible();
  await expect(page.getByTestId("mode-instant")).toContainText("On (webhook created by Roster). No delivery yet.");
  const [hook] = (await emulator("webhooks", { domain })) as Array<{ url: string; privateKey: string }>;
  expect(hook.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${E2E_PORT}/api/webhooks/bamboohr/[0-9a-f-]{36}$`));
  expect(await page.content()).not.toContain(hook.privateKey);

  // HR changes a title and records a leaver in BambooHR; nobody touches Roster.
  await emulator("update-employee", { domain, id: "12", patch: { jobTitle: "Head of Webhooks" } });
  const titleMs = await waitInDirectory(page, "Fast12", /Head of Webhooks/, 60_000);
  await emulator("update-employee", { domain, id: "13", patch: { status: "Inactive", terminationDate: inDays(-1) } });
  const leaverMs = await waitInDirectory(page, "Fast13", /Inactive/, 60_000);
  console.log(
    `[figure] webhook change visible after ${(titleMs / 1000).toFixed(1)} s; leaver deactivated after ${(leaverMs / 1000).toFixed(1)} s`,
  );

  await page.goto("/admin/integrations");
  const history = page.getByRole("table", { name: "Sync history" });
  await expect(history.getByRole("row").nth(1)).toContainText("Webhook");
  await expect(history.getByRole("row").nth(1)).toContainText(/Succeeded/);
  await expect(page.getByTestId("mode-instant")).toContainText("Last delivery");

  // What was delivered, replayed and tampered with, over HTTP.
  const deliveries = ((await emulator("webhook-deliveries", {})) as WebhookDelivery[]).filter((d) => d.url === hook.url);
  expect(deliveries.length).toBeGreaterThanOrEqual(2);
  expect(deliveries.every((d) => d.status === 200)).toBe(true);
  const last = deliveries.at(-1)!;
  const post = (body: string, headers: Record<string, string>) =>
    fetch(hook.url, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
  const signed = { "x-bamboohr-timestamp": last.timestamp, "x-bamboohr-signature": last.signature };
  const replay = await post(last.body, signed);
  expect(replay.status).toBe(200);
  expect(await replay.json()).toMatchObject({ duplicate: true, queued: 0 });
  // Every refusal answers alike (404, the same body): tampered, stale, unsigned, too large, base64, unknown.
  const refusal = async (response: Response) => `${response.status} ${await response.text()}`;
  const refused = await refusal(await post(last.body.replace('"13"', '"12"'), signed));
  expect(refused).toMatch(/^404 /);
  // Signed afresh with the webhook's key (the spec's HMAC, computed here independently of the emulator).
  const signedAt = (seconds: number) => {
    const timestamp = String(seconds);
    return {
      "x-bamboohr-timestamp": timestamp,
      "x-bamboohr-signature": createHmac("sha256", hook.privateKey)
        .update(last.body + timestamp)
        .digest("hex"),
    };
  };
  const nowSeconds = () => Math.floor(Date.now() / 1000);
  expect(await refusal(await post(last.body, signedAt(nowSeconds() - 600)))).toBe(refused); // stale
  expect(await refusal(await post(last.body, {}))).toBe(refused);
  expect(await refusal(await post("x".repeat(1_100_000), signed))).toBe(refused);
  const base64 = Buffer.from(signed["x-bamboohr-signature"], "hex").toString("base64");
  expect(await refusal(await post(last.body, { ...signed, "x-bamboohr-signature": base64 }))).toBe(refused);
  const unknown = hook.url.replace(/[0-9a-f-]{36}$/, "00000000-0000-4000-8000-000000000000");
  expect(await refusal(await fetch(unknown, { method: "POST", body: last.body, headers: signed }))).toBe(refused);

  // Off: the webhook is deleted in BambooHR, and a delivery signed with the old key is refused.
  await page.getByRole("button", { name: "Turn instant updates off" }).click();
  await expect(page.getByText(/Instant updates are off; the webhook was deleted in BambooHR/)).toBeVisible();
  expect(await emulator("webhooks", { domain })).toEqual([]);
  expect((await post(last.body, signedAt(nowSeconds()))).status).toBe(404);
});

test("[FAST PATH] a key that may not create webhooks: the page gives the manual steps and takes the private key", async ({ page }) => {
  const domain = `manualco${stamp}`;
  const key = "manual-path-key-0123456789";
  const admin = { email: `admin@${domain}.test`, password: "a-long-password-7" };
  await emulator("company", companyOf(domain, { key, webhooks: false, datasets: false }));
  await createOrganizationWithAdmin(await db(), { organizationName: `Manual ${domain}`, email: admin.email, password: admin.password });
  await connectWithUi(page, admin, domain, key);
  await expect(page.getByTestId("mode-api")).toHaveText(/Custom reports/);
  await page.getByRole("button", { name: "Turn instant updates on" }).click();
  const steps = page.getByTestId("manual-webhook-steps");
  await expect(steps).toBeVisible();
  await expect(steps.getByTestId("webhook-url")).toHaveText(new RegExp(`/api/webhooks/bamboohr/[0-9a-f-]{36}$`));
  await expect(steps).toContainText("workEmail");
  await expect(page.getByTestId("mode-instant")).toContainText("Waiting for the webhook's private key");
  await steps.getByLabel("Private key").fill("short");
  await steps.getByRole("button", { name: "Save private key" }).click();
  await expect(steps.getByText(/Paste the whole private key/)).toBeVisible();
  await steps.getByLabel("Private key").fill("f".repeat(64));
  await steps.getByRole("button", { name: "Save private key" }).click();
  await expect(steps.getByText(/Saved: deliveries signed with this key are accepted/)).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("mode-instant")).toContainText("On (webhook created by hand)");
  expect(await page.content()).not.toContain("f".repeat(64));
});

test("[FAST PATH] pre-start accounts and the incremental interval are set under Edit and shown on the page", async ({ page }) => {
  const domain = `prestartco${stamp}`;
  const key = "prestart-key-0123456789";
  const admin = { email: `admin@${domain}.test`, password: "a-long-password-8" };
  const soon = emulatedEmployee({
    id: "50",
    firstName: "Nina",
    lastName: "Newhire",
    workEmail: `nina@${domain}.example.com`,
    status: "Inactive",
    hireDate: inDays(3),
  });
  const later = emulatedEmployee({
    id: "51",
    firstName: "Leo",
    lastName: "Laterhire",
    workEmail: `leo@${domain}.example.com`,
    hireDate: inDays(40),
  });
  await emulator("company", companyOf(domain, { key }, [soon, later]));
  await createOrganizationWithAdmin(await db(), { organizationName: `Prestart ${domain}`, email: admin.email, password: admin.password });
  await connectWithUi(page, admin, domain, key, false);
  await expect(page.getByTestId("mode-prestart")).toContainText("Off");

  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("Create accounts N days before the start date").fill("7");
  await page.getByLabel("Incremental sync").selectOption({ label: "Every 4 hours" });
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Settings saved")).toBeVisible();
  await page.goto("/admin/integrations");
  await expect(page.getByTestId("mode-prestart")).toContainText("Inactive accounts 7 days before the start date");
  await expect(page.getByTestId("mode-incremental")).toContainText("Every 4 hours once Inngest is configured");

  await syncNow(page);
  await expect(page.getByText(/1 start later/).first()).toBeVisible();
  await page.goto("/admin/users?q=Newhire");
  await expect(page.getByRole("row", { name: /Nina Newhire/ })).toContainText(`Starts on ${inDays(3)}`);
  await page.goto("/admin/users?q=Laterhire");
  await expect(page.getByText("No users match")).toBeVisible();
});
