import { expect, test } from "./support/test";
import { DEMO_DOMAIN, DEMO_KEY } from "@/lib/bamboohr/emulator/cli";
import { E2E_PGLITE_PORT } from "../playwright.config";

// The zero-setup default that `npm run demo` gives a newcomer: PGlite, the emulator's demo company, no Inngest.
test.use({ baseURL: `http://127.0.0.1:${E2E_PGLITE_PORT}` });

test("[DEMO] on embedded PGlite: set up, connect the demo company, Sync now, see the directory", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await page.getByLabel("Organization name").fill("Demo Org");
  await page.getByLabel("Admin e-mail").fill("admin@demo.test");
  await page.getByLabel("Password").fill("demo-password-1");
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page.getByText("Your organization is ready")).toBeVisible();
  await page.getByLabel("E-mail").fill("admin@demo.test");
  await page.getByLabel("Password").fill("demo-password-1");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("link", { name: "Third-Party Integrations" }).click();
  await page.getByRole("button", { name: "Set up" }).click();
  await page.getByLabel("Subdomain").fill(DEMO_DOMAIN);
  await page.getByLabel("API Key").fill(DEMO_KEY);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("bamboohr-state")).toHaveText("Connected");
  // No notification address yet: the first click warns, the second goes on.
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByText(/No error-notification address is set/)).toBeVisible();
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByText(/^Last sync:/)).toContainText(/Succeeded/, { timeout: 60_000 });
  await expect(page.getByText(/200 created/).first()).toBeVisible();
  await page.getByRole("link", { name: "Users" }).click();
  await expect(page.getByText(/201 users/)).toBeVisible();
});
