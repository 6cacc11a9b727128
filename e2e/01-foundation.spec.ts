import { readFile } from "node:fs/promises";
import { expect, test } from "./support/test";
import { eq } from "drizzle-orm";
import { createOrganizationWithAdmin } from "@/lib/auth/organizations";
import { hashPassword } from "@/lib/auth/password";
import { departments, organizations, users } from "@/lib/db/schema";
import { parseCsv } from "./support/csv";
import { E2E_SETUP_TOKEN } from "./support/env";
import { db, signIn, signInAsAdmin } from "./support/fixtures";

const ADMIN = { email: "founder@acme.test", password: "a-long-password-1" };

test.describe.configure({ mode: "serial" });

test("[SETUP] first run creates the organization and its admin, then closes", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  const fill = async (token: string, password: string) => {
    await page.getByLabel("Setup token").fill(token);
    await page.getByLabel("Organization name").fill("Acme Corp");
    await page.getByLabel("First name").fill("Fran");
    await page.getByLabel("Last name").fill("Founder");
    await page.getByLabel("Admin e-mail").fill(ADMIN.email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Create organization" }).click();
  };
  await fill(E2E_SETUP_TOKEN, "short");
  // The browser's own minlength check stops a short password before the server sees it.
  await expect(page).toHaveURL(/\/setup$/);
  // In production the first setup needs the one-time token from the server log: without it, nothing is created.
  await fill("a-guess-at-the-token", ADMIN.password);
  await expect(page.getByText("This is not the setup token.")).toBeVisible();
  expect(await (await db()).select().from(organizations)).toHaveLength(0);
  await fill(E2E_SETUP_TOKEN, "password123");
  await expect(page.getByText("This password is one of the most common ones")).toBeVisible();
  await fill(E2E_SETUP_TOKEN, ADMIN.password);
  await expect(page.getByText("Your organization is ready")).toBeVisible();
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/login$/);
});

test("[AUTH] wrong password, unknown e-mail and deactivated accounts get one generic message", async ({ page }) => {
  const d = await db();
  const [org] = await d.select().from(organizations).where(eq(organizations.slug, "acme-corp"));
  await d.insert(users).values({
    organizationId: org.id,
    email: "gone@acme.test",
    role: "admin",
    active: false,
    passwordHash: await hashPassword("a-long-password-2"),
  });
  const message = "Wrong e-mail or password, or the account cannot sign in.";
  for (const [email, password] of [
    [ADMIN.email, "wrong-password"],
    ["nobody@acme.test", "whatever-pw"],
    ["gone@acme.test", "a-long-password-2"],
  ]) {
    await signIn(page, email, password);
    await expect(page.getByText(message)).toBeVisible();
  }
});

test("[USERS] sign in, list, search, edit, export CSV, sign out", async ({ page, browser, baseURL }) => {
  const d = await db();
  const [org] = await d.select().from(organizations).where(eq(organizations.slug, "acme-corp"));
  const [eng] = await d.insert(departments).values({ organizationId: org.id, name: "Engineering" }).returning();
  const [boss] = await d
    .insert(users)
    .values({ organizationId: org.id, email: "boss@acme.test", firstName: "Bea", lastName: "Boss", employeeId: "E1", departmentId: eng.id })
    .returning();
  await d.insert(users).values([
    {
      organizationId: org.id,
      email: "dev@acme.test",
      firstName: "Dev",
      lastName: "Eloper",
      employeeId: "E2",
      title: '=HYPERLINK("x")',
      departmentId: eng.id,
      managerId: boss.id,
      location: "Lindon, UT",
      phone: "+1 801 555 0100",
    },
    {
      organizationId: org.id,
      email: "old@acme.test",
      firstName: "Olga",
      lastName: "Old",
      employeeId: "E3",
      active: false,
      deactivationDate: "2024-03-01",
    },
  ]);

  await signInAsAdmin(page, ADMIN.email, ADMIN.password);
  await expect(page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Third-Party Integrations" })).toBeVisible();
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Users" }).click();
  const table = page.getByRole("table");
  await expect(table.getByRole("row")).toHaveCount(1 + 5);
  await page.getByLabel("Search").fill("eloper");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table.getByRole("row").nth(1)).toContainText("Bea Boss");
  await page.getByLabel("Search").fill("");
  await page.getByLabel("Status").selectOption("inactive");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(table.getByRole("row")).toHaveCount(3);
  await expect(table).toContainText("2024-03-01");

  await page.goto("/admin/users?q=eloper");
  await page.getByRole("link", { name: "Dev Eloper" }).click();
  await page.getByLabel("Title").fill("Staff Engineer");
  await page.getByLabel("E-mail").fill("BOSS@acme.test");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Another user in this organization already has this e-mail.")).toBeVisible();
  const [unchanged] = await d.select().from(users).where(eq(users.email, "dev@acme.test"));
  expect(unchanged.title).toBe('=HYPERLINK("x")');
  await page.getByLabel("E-mail").fill("dev@acme.test");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.getByRole("button", { name: "Deactivate", exact: true }).click();
  await expect(page.getByRole("button", { name: "Activate", exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Activate", exact: true }).click();
  await expect(page.getByRole("button", { name: "Deactivate", exact: true })).toBeVisible();
  // The person's history: each of those changes, newest first, by whom, before -> after.
  const history = page.getByRole("list", { name: "History" }).locator(":scope > li");
  await expect(history).toHaveCount(3);
  await expect(history.nth(0)).toContainText("Reactivated · by Fran Founder");
  await expect(history.nth(1)).toContainText("Deactivated · by Fran Founder");
  await expect(history.nth(2)).toContainText('Title: =HYPERLINK("x") → Staff Engineer');

  await page.goto("/admin/departments");
  await expect(page.getByRole("row", { name: /Engineering/ })).toContainText("2");

  // The users table fits a 1280 px screen and a phone: columns collapse, the page never scrolls sideways.
  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ]) {
    await page.setViewportSize({ width, height });
    await page.goto("/admin/users");
    await expect(page.getByRole("columnheader", { name: /Status/ })).toBeInViewport();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: `e2e/.artifacts/screenshots/users-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
  // Sorted by a header, either way; filtered by source.
  await page.getByRole("link", { name: "Status" }).click();
  await expect(page.getByRole("columnheader", { name: /Status/ })).toHaveAttribute("aria-sort", "ascending");
  const firstStatus = () => page.getByRole("table").getByRole("row").nth(1);
  await expect(firstStatus()).toContainText("Active");
  await page.getByRole("link", { name: /Status/ }).click();
  await expect(page.getByRole("columnheader", { name: /Status/ })).toHaveAttribute("aria-sort", "descending");
  await expect(firstStatus()).toContainText("Inactive");
  await page.getByLabel("Source").selectOption("manual");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("columnheader", { name: /Status/ })).toHaveAttribute("aria-sort", "descending");

  await page.goto("/admin/users");
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const download = await downloadPromise;
  const rows = parseCsv(await readFile((await download.path())!, "utf8"));
  expect(rows[0].join(",")).toBe(
    "employee_id,email,first_name,last_name,preferred_name,title,department,manager_employee_id,manager_email,phone,location,active,deactivation_date,source",
  );
  const byEmail = new Map(rows.slice(1).map((r) => [r[1], r]));
  expect(byEmail.size).toBe(5);
  expect(byEmail.get("dev@acme.test")).toEqual([
    "E2",
    "dev@acme.test",
    "Dev",
    "Eloper",
    "",
    "Staff Engineer",
    "Engineering",
    "E1",
    "boss@acme.test",
    "'+1 801 555 0100",
    "Lindon, UT",
    "true",
    "",
    "manual",
  ]);
  expect(byEmail.get("old@acme.test")!.slice(11, 13)).toEqual(["false", "2024-03-01"]);

  // The session cookie, copied before signing out (as a thief would): sign-out ends the session on the server.
  const copied = await page.context().cookies();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/login$/);
  expect((await page.request.get("/admin/users/export")).status()).toBe(401);
  const thief = await browser.newContext({ baseURL });
  await thief.addCookies(copied);
  const stolen = await thief.newPage();
  await stolen.goto("/admin/users");
  await expect(stolen).toHaveURL(/\/login$/);
  expect((await stolen.request.get("/admin/users/export")).status()).toBe(401);
  await thief.close();
});

test("[AUTH] a non-admin is refused the admin area and the export", async ({ page }) => {
  const d = await db();
  const [org] = await d.select().from(organizations).where(eq(organizations.slug, "acme-corp"));
  await d
    .insert(users)
    .values({ organizationId: org.id, email: "member@acme.test", role: "member", passwordHash: await hashPassword("a-long-password-3") });
  await signIn(page, "member@acme.test", "a-long-password-3");
  // A member lands in the people directory, not the admin area.
  await expect(page).toHaveURL(/\/people$/);
  await page.goto("/admin");
  await expect(page.getByRole("heading", { name: "Admins only" })).toBeVisible();
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/forbidden$/);
  expect((await page.request.get("/admin/users/export")).status()).toBe(403);
});

test("[AUTH] an admin of another organization gets 404 for this organization's users", async ({ page }) => {
  const d = await db();
  const [acme] = await d.select().from(organizations).where(eq(organizations.slug, "acme-corp"));
  const [victim] = await d.select().from(users).where(eq(users.email, "boss@acme.test"));
  expect(victim.organizationId).toBe(acme.id);
  await createOrganizationWithAdmin(d, { organizationName: "Globex", email: "admin@globex.test", password: "a-long-password-4" });
  await signInAsAdmin(page, "admin@globex.test", "a-long-password-4");
  await page.goto("/admin/users");
  await expect(page.getByRole("table")).toContainText("admin@globex.test");
  await expect(page.getByRole("table")).not.toContainText("boss@acme.test");
  const res = await page.goto(`/admin/users/${victim.id}`);
  expect(res!.status()).toBe(404);
  const csv = await (await page.request.get("/admin/users/export")).text();
  expect(csv).not.toContain("acme.test");
});

test("[OPS] liveness and readiness answer 200, and every response carries a request id", async ({ request }) => {
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: "ok" });
  const ready = await request.get("/api/ready");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toEqual({ status: "ready" });
  expect(ready.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  expect((await request.get("/api/ready", { headers: { "x-request-id": "lb-abc.123" } })).headers()["x-request-id"]).toBe("lb-abc.123");
});
