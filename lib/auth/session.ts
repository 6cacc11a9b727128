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
 * An open server-side session (signed out, ended by an admin, or ended by a deactivation: refused at once), an account
 * still active in the database, and the organization every query is then scoped to.
 */
export async function checkSignedIn(): Promise<SessionClaims | null> {
  const claims = await getClaims();
  if (!claims) return null;
  const db = await getDb();
  const session = await checkSession(db, claims.sid);
  if (!session || session.userId !== claims.userId || session.organizationId !== claims.organizationId) return null;
  const [user] = await db
    .select({ role: users.role, active: users.active })
    .from(users)
    .where(and(eq(users.id, claims.userId), eq(users.organizationId, claims.organizationId)));
  if (!user || !user.active) return null;
  // The session's token stays here: nothing below needs it, and nothing may send it to a browser.
  return { userId: claims.userId, organizationId: claims.organizationId, role: user.role };
}

export async function checkAdmin(): Promise<AdminContext | "unauthenticated" | "forbidden"> {
  const signedIn = await checkSignedIn();
  if (!signedIn) return "unauthenticated";
  if (signedIn.role !== "admin") return "forbidden";
  return { ...signedIn, role: "admin" };
}

/** The gate of every admin page and server action. */
export async function requireAdmin(): Promise<AdminContext> {
  const result = await checkAdmin();
  if (result === "unauthenticated") redirect("/login");
  if (result === "forbidden") redirect("/forbidden");
  return result;
}

/** The gate of every page an employee sees: any active account of the organization. */
export async function requireMember(): Promise<SessionClaims> {
  const result = await checkSignedIn();
  if (!result) redirect("/login");
  return result;
}
