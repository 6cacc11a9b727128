import { mkdirSync } from "node:fs";
import { eq } from "drizzle-orm";
import { departments, users } from "@/lib/db/schema";
import { expect, test, type Admin } from "./support/admin";
import { checkAtBothWidths, expectAccessible } from "./support/axe";
import { db } from "./support/fixtures";

test.use({ spec: "pages" });

// Every admin page at 1280 px and at phone width: a screenshot, no sideways scroll, and an accessibility scan.
const SHOTS = "e2e/.artifacts/screenshots";

/** The spec's people: the admin (Fran Founder, no manager), Bea Boss, and Dev Eloper who reports to her. */
async function seedPeople(admin: Admin) {
  const d = await db();
  const organizationId = admin.organizationId;
  if ((await d.select().from(users).where(eq(users.organizationId, organizationId))).length > 1) return;
  await d.update(users).set({ firstName: "Fran", lastName: "Founder" }).where(eq(users.email, admin.email));
  const [eng] = await d.insert(departments).values({ organizationId, name: "Engineering" }).returning();
  const [boss] = await d
    .insert(users)
    .values({ organizationId, email: `boss-${organizationId}@pages.test`, firstName: "Bea", lastName: "Boss", departmentId: eng.id })
    .returning();
  await d.insert(users).values({
    organizationId,
    email: `dev-${organizationId}@pages.test`,
    firstName: "Dev",
    lastName: "Eloper",
    managerId: boss.id,
    departmentId: eng.id,
  });
}

test.beforeEach(async ({ admin }) => seedPeople(admin));

test("[ORG CHART] expand and collapse, and a search that opens the way to a person", async ({ page }) => {
  await page.goto("/admin");
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Org chart" }).click();
  await expect(page.getByRole("heading", { name: "Org chart" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Dev Eloper" })).toHaveCount(0);
  await page.getByRole("button", { name: "Expand Bea Boss" }).click();
  await expect(page.getByRole("link", { name: "Dev Eloper" })).toBeVisible();
  await expect(page.getByText("1 direct · 1 in all")).toBeVisible();
  await page.getByRole("button", { name: "Collapse Bea Boss" }).click();
  await expect(page.getByRole("link", { name: "Dev Eloper" })).toHaveCount(0);
  await page.getByLabel("Find a person in the chart").fill("Eloper");
  await page.getByRole("button", { name: "Find", exact: true }).click();
  await page.getByRole("button", { name: /Show Dev Eloper/ }).click();
  await expect(page.getByRole("link", { name: "Dev Eloper" })).toBeVisible();
  await expect(page.locator(".ring-2")).toContainText("Dev Eloper");
  await expect(page.getByRole("list", { name: "No manager" })).toContainText("Fran Founder");
});

test("[PAGES] the sign-in page fits and passes the scan", async ({ browser, baseURL }) => {
  const page = await (await browser.newContext({ baseURL, storageState: undefined })).newPage();
  await page.goto("/login");
  await checkAtBothWidths(page, "login");
});

test("[PAGES] each admin page fits 1280 px and a phone, with no serious accessibility violation", async ({ page, admin }) => {
  mkdirSync(SHOTS, { recursive: true });
  const d = await db();
  const [someone] = await d
    .select()
    .from(users)
    .where(eq(users.email, `dev-${admin.organizationId}@pages.test`));
  await page.goto("/admin");
  // Sign-in lands on the dashboard: the directory in numbers, the syncs, what is coming.
  await expect(page.getByText("Managed by BambooHR")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Syncs" })).toBeVisible();
  await expect(page.getByRole("heading", { name: /Leaving in the next 14 days/ })).toBeVisible();
  const pages: Array<[string, string]> = [
    ["dashboard", "/admin"],
    ["users", "/admin/users"],
    ["user", `/admin/users/${someone.id}`],
    ["departments", "/admin/departments"],
    ["org-chart", "/admin/org-chart"],
    ["integrations", "/admin/integrations"],
  ];
  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ]) {
    await page.setViewportSize({ width, height });
    for (const [name, path] of pages) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${path} at ${width} px`).toBeLessThanOrEqual(width);
      await page.screenshot({ path: `${SHOTS}/page-${name}-${width}.png`, fullPage: true });
      await expectAccessible(page);
    }
  }
});
