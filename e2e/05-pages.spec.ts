import { mkdirSync } from "node:fs";
import { eq } from "drizzle-orm";
import { users } from "@/lib/db/schema";
import { checkAtBothWidths, expectAccessible } from "./support/axe";
import { db, signInAsAdmin } from "./support/fixtures";
import { expect, test } from "./support/test";

// Every admin page at 1280 px and at phone width: a screenshot, no sideways scroll, and an accessibility scan.
const SHOTS = "e2e/.artifacts/screenshots";
const ADMIN = { email: "founder@acme.test", password: "a-long-password-1" };

test("[ORG CHART] expand and collapse, and a search that opens the way to a person", async ({ page }) => {
  await signInAsAdmin(page, ADMIN.email, ADMIN.password);
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

test("[PAGES] the sign-in page fits and passes the scan", async ({ page }) => {
  await page.goto("/login");
  await checkAtBothWidths(page, "login");
});

test("[PAGES] each admin page fits 1280 px and a phone, with no serious accessibility violation", async ({ page }) => {
  mkdirSync(SHOTS, { recursive: true });
  const d = await db();
  const [someone] = await d.select().from(users).where(eq(users.email, "dev@acme.test"));
  await signInAsAdmin(page, ADMIN.email, ADMIN.password);
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
