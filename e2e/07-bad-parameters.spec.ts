import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { createOrganizationWithAdmin } from "@/lib/auth/organizations";
import { integrations, syncRuns, users } from "@/lib/db/schema";
import { storeConnection } from "@/lib/integrations/connection";
import { expect, test } from "./support/admin";
import { db } from "./support/fixtures";

test.use({ spec: "bad-parameters" });

const HYPHENS = "-".repeat(36);

/** A run of another organization, and one of the admin's own (both with nothing to show). */
async function runs(organizationId: string) {
  const d = await db();
  const other = await createOrganizationWithAdmin(d, {
    organizationName: `Other ${randomUUID().slice(0, 8)}`,
    email: `other-${randomUUID().slice(0, 8)}@bad.test`,
    password: "a-long-password-other",
  });
  const open = async (orgId: string) => {
    const integration =
      (await d.select().from(integrations).where(eq(integrations.organizationId, orgId)))[0] ??
      (await storeConnection(d, orgId, { subdomain: `bad${orgId.slice(0, 6)}`, apiKey: "a-key-of-no-company" }));
    const [run] = await d
      .insert(syncRuns)
      .values({ organizationId: orgId, integrationId: integration.id, trigger: "manual", status: "succeeded", phase: "done" })
      .returning();
    return run.id;
  };
  return { mine: await open(organizationId), theirs: await open(other.organization.id) };
}

test("[PARAMETERS] malformed or out-of-range ids and pages answer 404, never 500", async ({ page, admin }) => {
  const { mine, theirs } = await runs(admin.organizationId);
  const [me] = await (await db()).select().from(users).where(eq(users.email, admin.email));
  const table: Array<[string, number]> = [
    [`/admin/integrations/runs/${HYPHENS}`, 404],
    ["/admin/integrations/runs/not-a-run", 404],
    [`/admin/integrations/runs/${randomUUID()}`, 404],
    [`/admin/integrations/runs/${theirs}`, 404],
    [`/admin/integrations/runs/${mine}?page=1e300`, 404],
    [`/admin/integrations/runs/${mine}?page=-1`, 404],
    [`/admin/integrations/runs/${mine}?page=2`, 404],
    [`/admin/integrations/runs/${mine}`, 200],
    [`/admin/integrations/runs/${HYPHENS}/changes.csv`, 404],
    [`/admin/integrations/runs/${theirs}/changes.csv`, 404],
    [`/admin/integrations/runs/${mine}/changes.csv`, 200],
    [`/admin/users/${HYPHENS}`, 404],
    [`/admin/users/${randomUUID()}`, 404],
    [`/admin/users/${me.id}?historyPage=1e300`, 404],
    [`/admin/users/${me.id}?historyPage=abc`, 404],
    [`/admin/users/${me.id}?historyPage=2`, 404],
    [`/admin/users/${me.id}`, 200],
    ["/admin/users?page=1e300", 404],
    ["/admin/users?page=0", 404],
    ["/admin/users?page=2", 404],
    ["/admin/users?page=1", 200],
    ["/admin/org-chart/data?parent=not-a-person", 400],
  ];
  const answered: Array<[string, number]> = [];
  for (const [url] of table) answered.push([url, (await page.request.get(url)).status()]);
  expect(answered).toEqual(table);
  const refused = await page.request.post(`/api/webhooks/bamboohr/${HYPHENS}`, { data: "{}" });
  expect(refused.status()).toBe(404);
});
