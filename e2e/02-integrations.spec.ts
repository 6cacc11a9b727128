import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { checkAtBothWidths, expectAccessible } from "./support/axe";
import { parseCsv } from "./support/csv";
import type { Page } from "@playwright/test";
import { expect, test } from "./support/admin";
import { and, eq } from "drizzle-orm";
import { generateCompany } from "@/lib/bamboohr/emulator/generator";
import { emulatedEmployee } from "@/lib/bamboohr/emulator/employee";
import type { EmulatedEmployee } from "@/lib/bamboohr/emulator/types";
import { integrations, users } from "@/lib/db/schema";
import { db, emulator } from "./support/fixtures";

test.use({ spec: "integrations" });

test.describe.configure({ mode: "serial" });

const DOMAIN = `e2eco${Date.now() % 100000}`;
const KEY = "e2e-key-0123456789-wxyz";
const SHOTS = "e2e/.artifacts/screenshots";
mkdirSync(SHOTS, { recursive: true });

const base = (over: Partial<EmulatedEmployee> & { id: string }): EmulatedEmployee =>
  emulatedEmployee({
    employeeNumber: `E${over.id}`,
    workEmail: `p${over.id}@${DOMAIN}.example.com`,
    firstName: "Pat",
    lastName: `Person${over.id}`,
    jobTitle: "Analyst",
    department: "Operations",
    supervisorEId: "1",
    supervisorId: "E1",
    ...over,
  });

// 30 people: a CEO, a contractor, a <script> name, and 27 others under the CEO.
const company = generateCompany({ domain: DOMAIN, size: 1, keys: [{ key: KEY }] });
company.employees = [
  base({
    id: "1",
    firstName: "Charlotte",
    lastName: "Abbott",
    jobTitle: "CEO",
    department: "Executive",
    supervisorEId: null,
    supervisorId: null,
    workPhone: "801-724-6600",
  }),
  base({ id: "2", firstName: "Carl", lastName: "Contractor", employmentStatus: { name: "Contractor", effectiveDate: "2020-01-01" } }),
  base({ id: "3", firstName: "<script>alert(1)</script>", lastName: "Tester", preferredName: "Zed" }),
  ...Array.from({ length: 27 }, (_, i) => base({ id: String(10 + i) })),
];

async function state(page: Page) {
  return page.getByTestId("bamboohr-state");
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/integrations-${name}.png`, fullPage: true });
}

/** Sync now, then wait for THAT run (a new first row in the history) to end with `expected`. */
async function syncAndWait(page: Page, expected: RegExp) {
  await page.goto("/admin/integrations");
  const newest = page.getByRole("table", { name: "Sync history" }).getByRole("row").nth(1);
  const before = (await newest.count()) ? await newest.getByRole("link").getAttribute("href") : null;
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(newest.getByRole("link")).not.toHaveAttribute("href", before ?? "none", { timeout: 30_000 });
  await expect(newest).toContainText(expected, { timeout: 30_000 });
  await expect(page.getByText(/^Last sync:/)).toContainText(expected, { timeout: 30_000 });
}

test.beforeAll(async () => {
  await emulator("company", company);
});

test("[INTEGRATIONS] set up with a wrong key, then the right one", async ({ page, admin }) => {
  await page.goto("/admin");
  await page.getByRole("link", { name: "Third-Party Integrations" }).click();
  await expect(await state(page)).toHaveText("Not connected");
  await shot(page, "not-connected");
  await page.getByRole("button", { name: "Set up" }).click();
  await expect(page.getByText("https://companyname.bamboohr.com")).toBeVisible();
  await page.getByLabel("Subdomain").fill(`https://${DOMAIN}.bamboohr.com/home`);
  await page.getByLabel("API Key").fill("definitely-the-wrong-key");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "BambooHR rejected the API key" })).toBeVisible();
  const org = admin.organizationId;
  expect(await (await db()).select().from(integrations).where(eq(integrations.organizationId, org))).toHaveLength(0);

  await page.getByLabel("API Key").fill(KEY);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(await state(page)).toHaveText("Connected");
  await expect(page.getByTestId("masked-key")).toHaveText("••••••••wxyz");
  expect(await page.content()).not.toContain(KEY);
  await expect(page.getByText(/Nightly scheduling needs Inngest/)).toBeVisible();
  await shot(page, "connected");
});

test("[INTEGRATIONS] edit the blocklist, then Sync now with live progress", async ({ page }) => {
  await page.goto("/admin");
  await page.goto("/admin/integrations");
  await page.getByRole("link", { name: "Edit" }).click();
  await expect(page.getByText("Currently ••••••••wxyz")).toBeVisible();
  expect(await page.content()).not.toContain(KEY);
  await checkAtBothWidths(page, "integration-settings");
  await page.getByLabel("Contractor", { exact: true }).check();
  await expect(page.getByText(/With this blocklist, a sync now would activate \d+ and deactivate \d+ user/)).toBeVisible();
  await page.getByLabel("Error notification e-mails").fill("not an address");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Enter valid e-mail addresses")).toBeVisible();
  await page.getByLabel("Error notification e-mails").fill(`hr@${DOMAIN}.test`);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Settings saved")).toBeVisible();

  await page.goto("/admin/integrations");
  await expect(page.getByText("Contractor", { exact: true })).toBeVisible();
  await emulator("fault", { domain: DOMAIN, fault: { type: "slow", ms: 5000 } });
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(await state(page)).toHaveText("Syncing");
  await expect(page.getByRole("progressbar", { name: "Sync progress" })).toBeVisible();
  await shot(page, "syncing");
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByText(/A sync is already running/)).toBeVisible();
  await expect(page.getByText(/^Last sync:/)).toContainText("Succeeded", { timeout: 30_000 });
  await expect(await state(page)).toHaveText("Connected");
  await expect(page.getByText(/30 created/).first()).toBeVisible();
});

test("[INTEGRATIONS] users are created with the mapped fields; contractors inactive with the reason", async ({ page }) => {
  await page.goto("/admin");
  await page.goto("/admin/users?q=Abbott");
  const row = page.getByRole("row", { name: /Charlotte Abbott/ });
  await expect(row).toContainText(`p1@${DOMAIN}.example.com`);
  await expect(row).toContainText("E1");
  await expect(row).toContainText("CEO");
  await expect(row).toContainText("Executive");
  await expect(row).toContainText("Lindon");
  await expect(row).toContainText("BambooHR");
  await page.goto("/admin/users?q=Tester");
  await expect(page.getByRole("row", { name: /Zed Tester/ })).toBeVisible(); // the <script> first name is only text
  await page.goto("/admin/users?q=Contractor");
  await page.getByRole("link", { name: "Carl Contractor" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Why inactive" })).toContainText(
    'Employment status "Contractor" is on the activation blocklist.',
  );
  await expect(page.getByRole("list", { name: "History" }).locator(":scope > li").first()).toContainText("Created · Sync (Sync now)");
  await expect(page.getByText("Managed by BambooHR", { exact: true })).toBeVisible();
  await expect(page.getByText("(synced from BambooHR)").first()).toBeVisible();
  await expect(page.getByText("Inactive", { exact: true }).first()).toBeVisible();
});

test("[INTEGRATIONS] changes in BambooHR arrive with the next sync; preview shows the next ones", async ({ page }) => {
  await page.goto("/admin");
  await emulator("update-employee", { domain: DOMAIN, id: "10", patch: { jobTitle: "Senior Analyst", lastName: "Renamed" } });
  await emulator("update-employee", { domain: DOMAIN, id: "11", patch: { status: "Inactive", terminationDate: "2025-12-31" } });
  await syncAndWait(page, /Succeeded/);
  await expect(page.getByText(/2 updated|1 updated · 1 deactivated/).first()).toBeVisible();
  await page.goto("/admin/users?q=Renamed");
  await expect(page.getByRole("row", { name: /Pat Renamed/ })).toContainText("Senior Analyst");
  await page.goto("/admin/users?q=Person11");
  await page.getByRole("link", { name: "Pat Person11" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Why inactive" })).toContainText("Terminated on 2025-12-31.");
  await expect(page.getByRole("list", { name: "History" }).locator(":scope > li").first()).toContainText("Deactivated · Sync (Sync now)");

  await emulator("update-employee", { domain: DOMAIN, id: "12", patch: { department: "Finance" } });
  await page.goto("/admin/integrations");
  await page.getByRole("link", { name: "Preview" }).click();
  await expect(page.getByText(/Nothing has been changed\. 0 to create, 1 to update/)).toBeVisible();
  await expect(page.getByRole("list", { name: "Updates" })).toContainText("Department: Operations → Finance");
  await checkAtBothWidths(page, "preview");

  await page.goto("/admin/integrations");
  const history = page.getByRole("table", { name: "Sync history" });
  await expect(history.getByRole("row")).toHaveCount(3);
  await history.getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: /Sync run/ })).toContainText("Succeeded");
  const changes = page.getByRole("list", { name: "Run changes" });
  await expect(changes).toContainText("Title: Analyst → Senior Analyst");
  await expect(changes).toContainText("Deactivated");
  // Filtered by a kind chip, and downloaded as CSV with the same filter.
  await page
    .getByRole("navigation", { name: "Kinds of change" })
    .getByRole("link", { name: /^Deactivated 1$/ })
    .click();
  await expect(changes.locator(":scope > li")).toHaveCount(1);
  await expect(changes).toContainText("Pat Person11");
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const csv = parseCsv(await readFile((await (await downloading).path())!, "utf8"));
  expect(csv[0]).toEqual(["name", "email", "employee_id", "kind", "changes", "reason"]);
  expect(csv.slice(1).map((r) => [r[0], r[3]])).toEqual([["Pat Person11", "deactivated"]]);
  expect(csv[1][4]).toContain("Active: true → false");
});

test("[INTEGRATIONS] three failed connections show the error state; a good sync clears it", async ({ page }) => {
  await page.goto("/admin");
  await emulator("set-key", { domain: DOMAIN, key: { key: KEY, revoked: true } });
  for (let i = 0; i < 3; i++) await syncAndWait(page, /Failed/);
  await page.reload();
  await expect(await state(page)).toHaveText("Error");
  await expect(page.getByRole("alert").filter({ hasText: "could not connect to BambooHR 3 times in a row" })).toContainText(
    "rejected the API key",
  );
  await shot(page, "error");
  await emulator("set-key", { domain: DOMAIN, key: { key: KEY } });
  await syncAndWait(page, /Succeeded/);
  await page.reload();
  await expect(await state(page)).toHaveText("Connected");
});

test("[INTEGRATIONS] the safeguard holds a mass deactivation until an admin approves it", async ({ page, admin }) => {
  await page.goto("/admin");
  await emulator("update-employees", {
    domain: DOMAIN,
    updates: Array.from({ length: 10 }, (_, i) => ({ id: String(20 + i), patch: { status: "Inactive" } })),
  });
  await syncAndWait(page, /Needs review/);
  await page.reload();
  await expect(await state(page)).toHaveText("Needs review");
  await expect(page.getByText(/would deactivate 10 of \d+ active BambooHR users/)).toBeVisible();
  await shot(page, "needs-review");
  const d = await db();
  const activeBefore = (
    await d
      .select()
      .from(users)
      .where(and(eq(users.organizationId, admin.organizationId), eq(users.active, true)))
  ).length;
  await page.getByRole("link", { name: "Review it" }).click();
  const held = page.getByRole("list", { name: "Run changes" }).locator(":scope > li");
  await expect(held).toHaveCount(10);
  await expect(held.first()).toContainText("Deactivated");
  await expect(held.first()).toContainText("Inactive in BambooHR.");
  const reviewUrl = page.url();
  // While the run waits, HR takes two of the ten back: approval reads BambooHR again and applies only the other eight.
  await emulator("update-employees", {
    domain: DOMAIN,
    updates: ["20", "21"].map((id) => ({ id, patch: { status: "Active" } })),
  });
  await page.getByRole("button", { name: "Approve and apply" }).click();
  await expect(page).toHaveURL(/\/admin\/integrations$/);
  await expect
    .poll(
      async () =>
        (
          await d
            .select()
            .from(users)
            .where(and(eq(users.organizationId, admin.organizationId), eq(users.active, true)))
        ).length,
      { timeout: 20_000 },
    )
    .toBe(activeBefore - 8);
  await page.goto("/admin/integrations");
  await expect(await state(page)).toHaveText("Connected");
  await expect(page.getByText(/^Last sync:/)).toContainText("Succeeded with warnings");
  await page.goto(reviewUrl);
  await expect(page.getByText(/^by .+, /)).toBeVisible();
  await expect(page.getByText("2 approved deactivation(s) were not applied: BambooHR no longer asks for them.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Approve and apply" })).toHaveCount(0);
  await shot(page, "approved-run");
  await expectAccessible(page);
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: `${SHOTS}/run-390.png`, fullPage: true });
  await expectAccessible(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  // The dashboard charts the runs, the held one in amber, each bar a link to its run.
  await page.goto("/admin");
  const chart = page.getByRole("img", { name: /Changes per sync over the last \d+ syncs/ });
  await expect(chart).toBeVisible();
  expect(await chart.locator("rect").count()).toBeGreaterThanOrEqual(5);
  await page.screenshot({ path: `${SHOTS}/dashboard.png`, fullPage: true });
});

test("[INTEGRATIONS] the page fits a phone screen", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/admin");
  await page.goto("/admin/integrations");
  await expect(await state(page)).toBeVisible();
  await expect(page.getByRole("button", { name: "Sync now" })).toBeInViewport();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await shot(page, "phone");
});

test("[INTEGRATIONS] disconnect asks first, keeps the users and stops syncing", async ({ page, admin }) => {
  await page.goto("/admin");
  await page.goto("/admin/integrations");
  await page.getByRole("button", { name: "Disconnect" }).click();
  const dialog = page.getByRole("dialog", { name: "Disconnect BambooHR?" });
  await expect(dialog).toContainText("Users stay exactly as they are");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(await state(page)).toHaveText("Connected");
  await page.getByRole("button", { name: "Disconnect" }).click();
  await dialog.getByRole("button", { name: "Disconnect" }).click();
  await expect(await state(page)).toHaveText("Not connected");
  await expect(page.getByRole("button", { name: "Set up" })).toBeVisible();
  const d = await db();
  expect((await d.select().from(users).where(eq(users.organizationId, admin.organizationId))).length).toBe(31);
  const [integration] = await d.select().from(integrations).where(eq(integrations.organizationId, admin.organizationId));
  expect(integration).toMatchObject({ enabled: false, apiKeySealed: "" });
});
