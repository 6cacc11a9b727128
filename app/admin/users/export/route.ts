import { NextResponse } from "next/server";
import { checkAdmin } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { directoryCsvStream } from "@/lib/directory/export";

export const dynamic = "force-dynamic";

export async function GET() {
  const admin = await checkAdmin();
  if (admin === "unauthenticated") return NextResponse.json({ error: "Sign in first." }, { status: 401 });
  if (admin === "forbidden") return NextResponse.json({ error: "Admins only." }, { status: 403 });
  const date = new Date().toISOString().slice(0, 10);
  return new Response(directoryCsvStream(await getDb(), admin.organizationId), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="roster-users-${date}.csv"`,
      "cache-control": "no-store",
    },
  });
}
