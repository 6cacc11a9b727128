import { redirect } from "next/navigation";
import { organizationCount } from "@/lib/auth/organizations";
import { checkSignedIn } from "@/lib/auth/session";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

/** Admins start in their area, employees in the directory; anyone else signs in first. */
export default async function Home() {
  if ((await organizationCount(await getDb())) === 0) redirect("/setup");
  const signedIn = await checkSignedIn();
  if (!signedIn) redirect("/login");
  redirect(signedIn.role === "admin" ? "/admin" : "/people");
}
