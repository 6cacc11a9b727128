import { and, eq } from "drizzle-orm";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { users } from "@/lib/db/schema";
import type { SessionClaims } from "./credentials";
import { auth, claimsSchema } from "./config";

export type AdminContext = SessionClaims & { role: "admin" };

async function getClaims(): Promise<SessionClaims | null> {
  const session = await auth();
  const parsed = claimsSchema.safeParse((session as { claims?: unknown } | null)?.claims);
  return parsed.success ? parsed.data : null;
}

/**
 * A session, an active admin still in the database (a JWT outlives a deactivation or a demotion), and the
 * organization every query is then scoped to.
 */
export async function checkAdmin(): Promise<AdminContext | "unauthenticated" | "forbidden"> {
  const claims = await getClaims();
  if (!claims) return "unauthenticated";
  const db = await getDb();
  const [user] = await db
    .select({ role: users.role, active: users.active })
    .from(users)
    .where(and(eq(users.id, claims.userId), eq(users.organizationId, claims.organizationId)));
  if (!user || !user.active) return "unauthenticated";
  if (user.role !== "admin") return "forbidden";
  return { ...claims, role: "admin" };
}

/** The gate of every admin page and server action. */
export async function requireAdmin(): Promise<AdminContext> {
  const result = await checkAdmin();
  if (result === "unauthenticated") redirect("/login");
  if (result === "forbidden") redirect("/forbidden");
  return result;
}
