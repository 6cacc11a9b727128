import { expect, test as base } from "@playwright/test";

/** Playwright's test, with every page watched for Content-Security-Policy violations: a test fails on any. */
export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ page }, use) => {
      const seen: string[] = [];
      page.on("console", (message) => {
        if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) seen.push(message.text());
      });
      await use(seen);
      expect(seen, "Content-Security-Policy violations in the console").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
