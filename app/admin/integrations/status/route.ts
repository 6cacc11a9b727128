import { NextResponse } from "next/server";
import { checkAdmin } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { integrationView } from "@/lib/integrations/view";

export const dynamic = "force-dynamic";

/** Live progress for the card: the latest run and the card's state, for the signed-in admin's organization. */
export async function GET() {
  const admin = await checkAdmin();
  if (admin === "unauthenticated") return NextResponse.json({ error: "Sign in first." }, { status: 401 });
  if (admin === "forbidden") return NextResponse.json({ error: "Admins only." }, { status: 403 });
  const { integration, latest } = await integrationView(await getDb(), admin.organizationId);
  return NextResponse.json({ state: integration?.state ?? "not_connected", latest }, { headers: { "cache-control": "no-store" } });
}
