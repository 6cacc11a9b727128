import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** An accessibility scan of the page as it is: no serious or critical violation (WCAG 2 A/AA rules). */
export async function expectAccessible(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const grave = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join(", ")}`,
    );
  expect(grave, `accessibility violations on ${page.url()}`).toEqual([]);
}

/** The current page at 1280 px and at phone width: no sideways scroll, a screenshot each, and the scan each. */
export async function checkAtBothWidths(page: Page, name: string) {
  const before = page.viewportSize();
  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ]) {
    await page.setViewportSize({ width, height });
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${width} px`).toBeLessThanOrEqual(width);
    await page.screenshot({ path: `e2e/.artifacts/screenshots/page-${name}-${width}.png`, fullPage: true });
    await expectAccessible(page);
  }
  if (before) await page.setViewportSize(before);
}
