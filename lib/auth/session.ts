import { and, eq } from "drizzle-orm";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { users } from "@/lib/db/schema";
import type { SessionClaims } from "./credentials";
import { auth, claimsSchema } from "./config";
import { checkSession } from "./session-store";

export type AdminContext = SessionClaims & { role: "admin" };

async function getClaims(): Promise<(SessionClaims & { sid: string }) | null> {
  const session = await auth();
  const parsed = claimsSchema.safeParse((session as { claims?: unknown } | null)?.claims);
  return parsed.success ? parsed.data : null;
}

/**
 * An open server-side session (signed out, ended by an admin, or ended by a deactivation: refused at once), an active
 * admin still in the database, and the organization every query is then scoped to.
 */
export async function checkAdmin(): Promise<AdminContext | "unauthenticated" | "forbidden"> {
  const claims = await getClaims();
  if (!claims) return "unauthenticated";
  const db = await getDb();
  const session = await checkSession(db, claims.sid);
  if (!session || session.userId !== claims.userId || session.organizationId !== claims.organizationId) return "unauthenticated";
  const [user] = await db
    .select({ role: users.role, active: users.active })
    .from(users)
    .where(and(eq(users.id, claims.userId), eq(users.organizationId, claims.organizationId)));
  if (!user || !user.active) return "unauthenticated";
  if (user.role !== "admin") return "forbidden";
  // The session's token stays here: nothing below needs it, and nothing may send it to a browser.
  return { userId: claims.userId, organizationId: claims.organizationId, role: "admin" };
}

/** The gate of every admin page and server action. */
export async function requireAdmin(): Promise<AdminContext> {
  const result = await checkAdmin();
  if (result === "unauthenticated") redirect("/login");
  if (result === "forbidden") redirect("/forbidden");
  return result;
}
