import { expect, test as base } from "@playwright/test";

/**
 * Playwright's test, with every page watched: a Content-Security-Policy violation in the console, or an error
 * thrown in the browser, fails the test that caused it.
 */
export const test = base.extend<{ pageProblems: string[] }>({
  pageProblems: [
    async ({ page }, use) => {
      const seen: string[] = [];
      page.on("console", (message) => {
        if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) seen.push(message.text());
      });
      page.on("pageerror", (error) => seen.push(`page error: ${error.message}`));
      await use(seen);
      expect(seen, "CSP violations or errors in the browser").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
