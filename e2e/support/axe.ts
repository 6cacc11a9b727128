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
