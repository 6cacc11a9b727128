import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { eq, sql } from "drizzle-orm";
import { emulatedEmployee } from "@/lib/bamboohr/emulator/employee";
import { generateCompany } from "@/lib/bamboohr/emulator/generator";
import type { EmulatedEmployee } from "@/lib/bamboohr/emulator/types";
import { signInLinks, users } from "@/lib/db/schema";
import { storeConnection, updateSettings } from "@/lib/integrations/connection";
import { E2E_PORT } from "../playwright.config";
import { startIdentityProvider } from "../tests/helpers/identity-provider";
import { expect, test } from "./support/admin";
import { db, emulator } from "./support/fixtures";
import { mailsTo } from "./support/mailbox";
import { checkAtBothWidths } from "./support/axe";

test.use({ spec: "signin" });
mkdirSync("e2e/.artifacts/screenshots", { recursive: true });
test.describe.configure({ mode: "serial" });

const DOMAIN = `signinco${Date.now() % 100000}`;
const KEY = "sign-in-key-0123456789";
const mail = (name: string) => `${name}@${DOMAIN}.example.com`;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const CLIENT = {
  client_id: "roster-e2e",
  client_secret: "roster-e2e-client-secret-0123",
  redirect_uris: [`http://127.0.0.1:${E2E_PORT}/api/sso/callback`],
};

const person = (over: Partial<EmulatedEmployee> & { id: string; firstName: string }) =>
  emulatedEmployee({
    employeeNumber: `S${over.id}`,
    workEmail: mail(over.firstName.toLowerCase()),
    lastName: `Person${over.id}`,
    supervisorEId: "1",
    ...over,
  });

// Ada leads; Sam signs in with SSO; Cleo's status is blocklisted; Pia starts in three days; Lee, Fay and Max will leave
// (an instant update, a full sync, an admin); Lin uses e-mailed links; Una's identity provider does not vouch for her e-mail.
const company = generateCompany({ domain: DOMAIN, size: 1, keys: [{ key: KEY }] });
company.employees = [
  person({
    id: "1",
    firstName: "Ada",
    lastName: "Lovelace",
    jobTitle: "Chief Executive",
    department: "Executive",
    supervisorEId: null,
    supervisorId: null,
  }),
  person({ id: "2", firstName: "Sam", jobTitle: "Site Reliability Engineer", department: "Engineering" }),
  person({ id: "3", firstName: "Cleo", employmentStatus: { name: "Contractor", effectiveDate: "2020-01-01" } }),
  person({ id: "4", firstName: "Pia", hireDate: inDays(3) }),
  person({ id: "5", firstName: "Lee" }),
  person({ id: "6", firstName: "Fay" }),
  person({ id: "7", firstName: "Max" }),
  person({ id: "8", firstName: "Lin" }),
  person({ id: "9", firstName: "Una" }),
  ...Array.from({ length: 11 }, (_, i) => person({ id: String(20 + i), firstName: `Other${i}` })),
];
const idpAccounts = Object.fromEntries(
  ["sam", "cleo", "pia", "lee", "fay", "max", "lin"].map((n) => [n, { email: mail(n), email_verified: true }]),
);
let idp: Awaited<ReturnType<typeof startIdentityProvider>>;

test.beforeAll(async ({ admin }) => {
  idp = await startIdentityProvider({
    accounts: { ...idpAccounts, una: { email: mail("una"), email_verified: false } },
    clients: [CLIENT],
  });
  await emulator("company", company);
  const d = await db();
  await storeConnection(d, admin.organizationId, { subdomain: DOMAIN, apiKey: KEY });
  await updateSettings(d, admin.organizationId, {
    apiKey: undefined,
    activationBlocklist: ["Contractor"],
    notificationEmails: [`hr@${DOMAIN}.example.com`],
    safeguardPercent: 50,
    prestartDays: 7,
  });
});
test.afterAll(async () => idp?.close());

/** Sync now, then wait for that run (a new first row in the history) to succeed. */
async function syncNow(page: Page) {
  await page.goto("/admin/integrations");
  const newest = page.getByRole("table", { name: "Sync history" }).getByRole("row").nth(1);
  const before = (await newest.count()) ? await newest.getByRole("link").getAttribute("href") : null;
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(newest.getByRole("link")).not.toHaveAttribute("href", before ?? "none", { timeout: 30_000 });
  await expect(newest).toContainText(/Succeeded/, { timeout: 30_000 });
}

/** A browser of an employee's own: no admin session. */
async function employeeBrowser(browser: Browser, baseURL: string | undefined) {
  const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  return { context, page: await context.newPage() };
}

async function continueWithoutPassword(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(email);
  await page.getByRole("button", { name: "Continue without a password" }).click();
}

/** Through the identity provider's own login page, as `login`. */
async function ssoAs(page: Page, login: string) {
  // Signed out at the provider first (its cookies share the host with Roster's): each person logs in anew.
  await page.context().clearCookies({ name: /^_(session|interaction)/ });
  await continueWithoutPassword(page, mail(login));
  await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/interaction/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
}

/** Loads a page until the session is refused (the sign-in page), and how long that took. */
async function lockedOutWithin(page: Page, withinMs: number) {
  const started = Date.now();
  await expect(async () => {
    await page.goto("/people");
    await expect(page).toHaveURL(/\/login$/, { timeout: 500 });
  }).toPass({ timeout: withinMs, intervals: [250] });
  return Date.now() - started;
}

test("[SSO] an admin sets up single sign-on; an employee synced from BambooHR signs in and sees the directory", async ({
  page,
  browser,
  baseURL,
}) => {
  await syncNow(page);
  await page.goto("/admin");
  await page.getByRole("link", { name: "Sign-in" }).click();
  await expect(page.getByLabel("Redirect URI")).toHaveValue(CLIENT.redirect_uris[0]);
  await page.getByLabel("Issuer URL").fill(`http://127.0.0.1:9`);
  await page.getByLabel("Client ID").fill(CLIENT.client_id);
  await page.getByRole("button", { name: "Test single sign-on" }).click();
  await expect(page.getByText("Could not reach http://127.0.0.1:9/.well-known/openid-configuration")).toBeVisible();
  await page.getByLabel("Issuer URL").fill(idp.issuer);
  await page.getByLabel("Client secret").fill(CLIENT.client_secret);
  await page.getByLabel("E-mail domains").fill(`${DOMAIN}.example.com`);
  await page.getByRole("button", { name: "Test single sign-on" }).click();
  await expect(page.getByText(`Found ${idp.issuer}`)).toBeVisible();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Sign-in settings saved.")).toBeVisible();
  await page.reload();
  // The secret is never sent back to the browser.
  expect(await page.content()).not.toContain(CLIENT.client_secret);
  await expect(page.getByText("A secret is stored")).toBeVisible();
  await checkAtBothWidths(page, "sign-in-settings");

  const sam = await employeeBrowser(browser, baseURL);
  await ssoAs(sam.page, "sam");
  await expect(sam.page).toHaveURL(/\/people$/);
  await expect(sam.page.getByRole("heading", { name: "People" })).toBeVisible();
  await sam.page.getByLabel("Search").fill("Lovelace");
  await sam.page.getByRole("button", { name: "Search" }).click();
  await checkAtBothWidths(sam.page, "people");
  await sam.page.getByRole("link", { name: "Ada Lovelace" }).click();
  await expect(sam.page.getByRole("heading", { level: 1, name: "Ada Lovelace" })).toBeVisible();
  await expect(sam.page.getByRole("definition").filter({ hasText: "Chief Executive" })).toBeVisible();
  await checkAtBothWidths(sam.page, "person");
  await sam.page.getByRole("link", { name: "My profile" }).click();
  await expect(sam.page.getByText("Site Reliability Engineer")).toBeVisible();
  await expect(sam.page.getByRole("list", { name: "Managers" })).toContainText("Ada Lovelace");
  await sam.page.getByRole("link", { name: "Org chart" }).click();
  await expect(sam.page.getByRole("list", { name: "Top of the organization" })).toContainText("Ada Lovelace");
  await checkAtBothWidths(sam.page, "people-org-chart");
  // Inactive people are not in the directory; the admin area stays closed.
  await sam.page.goto("/people?q=Cleo");
  await expect(sam.page.getByText("0 people")).toBeVisible();
  await sam.page.goto("/admin/users");
  await expect(sam.page.getByRole("heading", { name: "Admins only" })).toBeVisible();
  await sam.context.close();
});

test("[SSO] blocklisted, pre-start and unverified people are refused with a plain page; a forged state too", async ({
  browser,
  baseURL,
}) => {
  const { context, page } = await employeeBrowser(browser, baseURL);
  await page.goto("/login");
  await checkAtBothWidths(page, "login");
  await ssoAs(page, "cleo");
  await expect(page.getByTestId("refusal")).toHaveText("Your account is not active. Ask your HR team.");
  await checkAtBothWidths(page, "refused");
  await ssoAs(page, "pia");
  await expect(page.getByTestId("refusal")).toHaveText("Your account is not active yet. You can sign in from your first day.");
  await ssoAs(page, "una");
  await expect(page.getByTestId("refusal")).toHaveText("Your identity provider has not confirmed your e-mail address. Ask your IT team.");
  await expect(page.getByTestId("refusal")).not.toContainText(mail("una"));
  // Login CSRF: this browser started its own sign-in, then is led through one an attacker started (another state).
  const attacker = await employeeBrowser(browser, baseURL);
  const started = attacker.page.waitForRequest((r) => r.url().startsWith(`${idp.issuer}/auth?`));
  await continueWithoutPassword(attacker.page, mail("sam"));
  const attackersSignIn = (await started).url();
  await attacker.context.close();
  await page.context().clearCookies({ name: /^_(session|interaction)/ });
  await continueWithoutPassword(page, mail("sam"));
  await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/interaction/`));
  await page.goto(attackersSignIn);
  await page.locator('input[name="login"]').fill("sam");
  await page.locator('input[name="password"]').fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await expect(page.getByTestId("refusal")).toHaveText("Single sign-on did not complete. Try again, or ask your IT team.");
  await page.goto("/people");
  await expect(page).toHaveURL(/\/login$/);
  await context.close();
});

test("[LINK] a sign-in link works once and expires; an unknown address gets the same answer", async ({ browser, baseURL }) => {
  const { context, page } = await employeeBrowser(browser, baseURL);
  // Lin's domain goes to SSO; an address of another domain gets a link. Lin's account takes her private address.
  const d = await db();
  await d
    .update(users)
    .set({ email: "lin.home@mail.example.net" })
    .where(sql`lower(${users.email}) = ${mail("lin")}`);
  const lin = "lin.home@mail.example.net";
  const before = mailsTo(lin).length;
  await continueWithoutPassword(page, lin);
  await expect(page.getByRole("heading", { name: "Check your e-mail" })).toBeVisible();
  const answer = await page.locator("main").textContent();
  await expect.poll(() => mailsTo(lin).length, { timeout: 10_000 }).toBe(before + 1);
  const link = /http:\/\/\S+\/login\/link\?token=[A-Za-z0-9_-]+/.exec(mailsTo(lin).at(-1)!)![0];
  await page.goto(link);
  await page.getByRole("button", { name: "Continue to Roster" }).click();
  await expect(page.getByRole("heading", { name: "People" })).toBeVisible();
  // Once only: the same link again, in another browser.
  const other = await employeeBrowser(browser, baseURL);
  await other.page.goto(link);
  await other.page.getByRole("button", { name: "Continue to Roster" }).click();
  await expect(other.page.getByTestId("refusal")).toHaveText("This sign-in link has expired or has already been used. Ask for a new one.");
  // Expired: a fresh link, ten minutes later.
  await continueWithoutPassword(other.page, lin);
  await expect.poll(() => mailsTo(lin).length, { timeout: 10_000 }).toBe(before + 2);
  const late = /http:\/\/\S+\/login\/link\?token=[A-Za-z0-9_-]+/.exec(mailsTo(lin).at(-1)!)![0];
  await d
    .update(signInLinks)
    .set({ expiresAt: sql`now() - interval '1 second'` })
    .where(sql`${signInLinks.usedAt} is null`);
  await other.page.goto(late);
  await other.page.getByRole("button", { name: "Continue to Roster" }).click();
  await expect(other.page.getByTestId("refusal")).toContainText("expired");
  // Nobody has this address: the same page, and no message.
  const nobody = `nobody-${Date.now()}@mail.example.net`;
  await continueWithoutPassword(other.page, nobody);
  await expect(other.page.getByRole("heading", { name: "Check your e-mail" })).toBeVisible();
  expect(await other.page.locator("main").textContent()).toBe(answer);
  await other.page.waitForTimeout(1_000);
  expect(mailsTo(nobody)).toEqual([]);
  await other.context.close();
  await context.close();
});

/** The ids of people by first name, as synced. */
async function userIdOf(firstName: string) {
  const [u] = await (
    await db()
  )
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, mail(firstName.toLowerCase())));
  return u.id;
}

test("[REVOKE] a leaver is locked out: by a full sync, by an admin, by an instant update; a signed-out cookie opens nothing", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const signedIn = async (who: string): Promise<{ context: BrowserContext; page: Page }> => {
    const b = await employeeBrowser(browser, baseURL);
    await ssoAs(b.page, who);
    await expect(b.page.getByRole("heading", { name: "People" })).toBeVisible();
    return b;
  };
  // A full sync (what the nightly runs): the apply step that deactivates Fay ends her session.
  const fay = await signedIn("fay");
  await emulator("update-employee", { domain: DOMAIN, id: "6", patch: { status: "Inactive", terminationDate: inDays(-1) } });
  await syncNow(page);
  await lockedOutWithin(fay.page, 2_000);
  await ssoAs(fay.page, "fay");
  await expect(fay.page.getByTestId("refusal")).toHaveText("Your account is not active. Ask your HR team.");

  // An admin deactivates Max on his page.
  const max = await signedIn("max");
  await page.goto(`/admin/users/${await userIdOf("max")}`);
  await page.getByRole("button", { name: "Deactivate" }).click();
  await expect(page.getByRole("button", { name: "Activate" })).toBeVisible();
  await lockedOutWithin(max.page, 2_000);

  // Instant updates: HR terminates Lee in BambooHR; the signed delivery arrives; his next request is refused.
  const lee = await signedIn("lee");
  await page.goto("/admin/integrations");
  await page.getByRole("button", { name: "Turn instant updates on" }).click();
  await expect(page.getByText("Instant updates are on")).toBeVisible();
  await emulator("update-employee", { domain: DOMAIN, id: "5", patch: { status: "Inactive", terminationDate: inDays(-1) } });
  const ms = await lockedOutWithin(lee.page, 30_000);
  console.log(`[figure] terminated in BambooHR -> next request refused: ${(ms / 1000).toFixed(1)} s`);

  // Sign-out ends the session on the server: the cookie copied before it opens nothing.
  const sam = await signedIn("sam");
  const copied = await sam.context.cookies();
  await sam.page.getByRole("button", { name: "Sign out" }).click();
  await expect(sam.page).toHaveURL(/\/login$/);
  const replay = await browser.newContext({ baseURL, storageState: { cookies: copied, origins: [] } });
  const replayPage = await replay.newPage();
  await replayPage.goto("/people");
  await expect(replayPage).toHaveURL(/\/login$/);
  for (const b of [fay, max, lee, sam]) await b.context.close();
  await replay.close();
});
