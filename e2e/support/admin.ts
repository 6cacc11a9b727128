import { randomUUID } from "node:crypto";
import path from "node:path";
import { createOrganizationWithAdmin } from "@/lib/auth/organizations";
import { db, signInAsAdmin } from "./fixtures";
import { expect, test as base } from "./test";

export type Admin = { email: string; password: string; name: string; organizationId: string };

/**
 * A spec's own organization and its admin, signed in once per worker: the session is kept as Playwright storage state
 * and every test of the spec starts signed in, in a fresh context. Each spec names itself (`test.use({ spec })`), which
 * gives it a worker, and so an organization, of its own: no spec depends on another having run first.
 */
export const test = base.extend<object, { spec: string; admin: Admin & { storageState: string } }>({
  spec: ["", { scope: "worker", option: true }],
  admin: [
    async ({ browser, spec }, provide, workerInfo) => {
      const tag = randomUUID().slice(0, 8);
      const admin = { email: `admin-${tag}@${spec || "spec"}.test`, password: `a-long-password-${tag}`, name: `${spec} ${tag}` };
      const { organization } = await createOrganizationWithAdmin(await db(), { organizationName: admin.name, ...admin });
      const context = await browser.newContext({ baseURL: workerInfo.project.use.baseURL });
      await signInAsAdmin(await context.newPage(), admin.email, admin.password);
      const storageState = path.join(workerInfo.project.outputDir, `admin-${workerInfo.workerIndex}-${tag}.json`);
      await context.storageState({ path: storageState });
      await context.close();
      await provide({ ...admin, organizationId: organization.id, storageState });
    },
    { scope: "worker" },
  ],
  storageState: async ({ admin }, provide) => provide(admin.storageState),
});

export { expect };
