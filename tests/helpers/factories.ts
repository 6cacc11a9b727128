import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { createOrganizationWithAdmin } from "@/lib/auth/organizations";
import { getDb, type Db } from "@/lib/db";
import { departments, users, type NewUser } from "@/lib/db/schema";
import { storeConnection, updateSettings } from "@/lib/integrations/connection";

/** Each test makes its own organization with unique values: tests never share rows. */
export async function createOrg(db?: Db, name = `Org ${randomUUID().slice(0, 8)}`) {
  const d = db ?? (await getDb());
  const email = `admin-${randomUUID().slice(0, 8)}@example.test`;
  const { organization, admin } = await createOrganizationWithAdmin(d, {
    organizationName: name,
    email,
    password: "correct-horse-battery",
  });
  return { db: d, org: organization, admin: { ...admin, password: "correct-horse-battery" } };
}

export async function createUser(db: Db, organizationId: string, values: Partial<NewUser> = {}) {
  const [user] = await db
    .insert(users)
    .values({ organizationId, email: `user-${randomUUID().slice(0, 8)}@example.test`, firstName: "Test", lastName: "User", ...values })
    .returning();
  return user;
}

export async function createDepartment(db: Db, organizationId: string, name: string) {
  const [dept] = await db.insert(departments).values({ organizationId, name }).returning();
  return dept;
}

export async function connect(
  db: Db,
  organizationId: string,
  input: { subdomain: string; apiKey: string; blocklist?: string[]; notificationEmails?: string[]; safeguardPercent?: number },
) {
  const integration = await storeConnection(db, organizationId, input);
  if (input.blocklist || input.notificationEmails || input.safeguardPercent) {
    return (await updateSettings(db, organizationId, {
      apiKey: undefined,
      activationBlocklist: input.blocklist ?? [],
      notificationEmails: input.notificationEmails ?? [],
      safeguardPercent: input.safeguardPercent ?? 20,
    }))!;
  }
  return integration;
}

export async function usersOf(db: Db, organizationId: string) {
  return db.select().from(users).where(eq(users.organizationId, organizationId));
}
