import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { organizations, users } from "@/lib/db/schema";
import { hashPassword, newPasswordSchema } from "./password";

export const newOrganizationSchema = z.object({
  organizationName: z.string().trim().min(2, "Give the organization a name.").max(100),
  email: z.string().trim().toLowerCase().email("Enter a valid e-mail address.").max(254),
  firstName: z.string().trim().max(100).default(""),
  lastName: z.string().trim().max(100).default(""),
  password: newPasswordSchema,
});
export type NewOrganization = z.input<typeof newOrganizationSchema>;

export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);
  return slug || "org";
}

async function uniqueSlug(db: Db, name: string): Promise<string> {
  const base = slugify(name);
  for (let i = 1; ; i++) {
    const slug = i === 1 ? base : `${base}-${i}`;
    const taken = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, slug));
    if (taken.length === 0) return slug;
  }
}

async function insertOrganization(tx: Db, data: z.output<typeof newOrganizationSchema>, slug: string) {
  const passwordHash = await hashPassword(data.password);
  const [organization] = await tx.insert(organizations).values({ name: data.organizationName, slug }).returning();
  const [admin] = await tx
    .insert(users)
    .values({
      organizationId: organization.id,
      email: data.email,
      firstName: data.firstName,
      lastName: data.lastName,
      role: "admin",
      passwordHash,
      source: "manual",
    })
    .returning({ id: users.id, email: users.email });
  return { organization, admin };
}

/** Creates an organization and its first admin (CLI, tests); the slug gets a suffix when taken. */
export async function createOrganizationWithAdmin(db: Db, input: NewOrganization) {
  const data = newOrganizationSchema.parse(input);
  return db.transaction(async (tx) => insertOrganization(tx, data, await uniqueSlug(tx, data.organizationName)));
}

/** The organization of a signed-in admin (its name, its time zone). */
export async function getOrganization(db: Db, organizationId: string) {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, organizationId));
  return org ?? null;
}

export async function organizationCount(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(organizations);
  return row.n;
}

/**
 * First-run set-up: creates the first organization only while none exists. The advisory lock makes two
 * simultaneous submissions create one organization, not two.
 */
export async function createFirstOrganization(db: Db, input: NewOrganization) {
  const data = newOrganizationSchema.parse(input);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(424242)`);
    if ((await organizationCount(tx)) > 0) return null;
    return insertOrganization(tx, data, slugify(data.organizationName));
  });
}
