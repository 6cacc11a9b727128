import { generateCompany } from "@/lib/bamboohr/emulator/generator";
import { storeConnection } from "@/lib/integrations/connection";
import { expect, test } from "./support/admin";
import { checkAtBothWidths } from "./support/axe";
import { db, emulator } from "./support/fixtures";

test.use({ spec: "run-review" });

test("[RUN REVIEW] a run of 3,000 created people: one line each, 50 fit about two screens at 1280 px, details on demand", async ({
  page,
  admin,
}) => {
  test.setTimeout(120_000);
  const domain = `review${admin.organizationId.slice(0, 8)}`;
  const key = "run-review-key-0123456789";
  await emulator("company", generateCompany({ domain, size: 3_000, seed: 9, keys: [{ key }] }));
  await storeConnection(await db(), admin.organizationId, { subdomain: domain, apiKey: key });

  await page.goto("/admin/integrations");
  await page.getByRole("button", { name: "Sync now" }).click();
  // No address for error e-mails yet: the page asks once, and a second press syncs anyway.
  await expect(page.getByText("press Sync now again to sync anyway")).toBeVisible();
  await page.getByRole("button", { name: "Sync now" }).click();
  const newest = page.getByRole("table", { name: "Sync history" }).getByRole("row").nth(1);
  await expect(async () => {
    await page.reload();
    await expect(newest).toContainText(/Succeeded/, { timeout: 1_000 });
  }).toPass({ timeout: 60_000, intervals: [1_000] });
  await newest.getByRole("link").first().click();
  await page
    .getByRole("navigation", { name: "Kinds of change" })
    .getByRole("link", { name: /^Created 3000$/ })
    .click();

  const lines = page.getByRole("list", { name: "Run changes" }).locator(":scope > li");
  await expect(lines).toHaveCount(50);
  // One line: kind, name, what happened in a few words ("created in Sales as Engineer, reports to …").
  await expect(lines.first()).toContainText(/Created.+created in \S.+ as \S/);
  const lineHeights = await lines.evaluateAll((items) => items.map((li) => li.getBoundingClientRect().height));
  expect(Math.max(...lineHeights)).toBeLessThan(48);
  // The whole before → after opens on demand, and closes again.
  const first = lines.first();
  await expect(first.getByText("E-mail:")).toBeHidden();
  await first.locator("summary").click();
  await expect(first.getByText("E-mail:")).toBeVisible();
  await first.locator("summary").click();
  await expect(first.getByText("E-mail:")).toBeHidden();

  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ]) {
    await page.setViewportSize({ width, height });
    const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
    console.log(
      `[figure] run review, a page of 50 created people at ${width} px: ${pageHeight} px high, ${(pageHeight / height).toFixed(1)} screens`,
    );
    if (width === 1280) expect(pageHeight).toBeLessThanOrEqual(2.5 * height);
  }
  await checkAtBothWidths(page, "run-review-3000-created");
});
