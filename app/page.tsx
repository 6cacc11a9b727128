import { redirect } from "next/navigation";
import { organizationCount } from "@/lib/auth/organizations";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

export default async function Home() {
  if ((await organizationCount(await getDb())) === 0) redirect("/setup");
  redirect("/admin");
}
