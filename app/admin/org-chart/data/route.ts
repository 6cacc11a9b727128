import { NextResponse } from "next/server";
import { z } from "zod";
import { checkAdmin } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { findPeople, orgGraph } from "@/lib/directory/org-chart";

export const dynamic = "force-dynamic";

const querySchema = z.object({ parent: z.string().uuid().optional(), search: z.string().trim().min(1).max(100).optional() });

/** The org chart, a level at a time: ?parent=<id> gives that person's reports; ?search=<text> finds people and their chain. */
export async function GET(request: Request) {
  const admin = await checkAdmin();
  if (admin === "unauthenticated") return NextResponse.json({ error: "Sign in first." }, { status: 401 });
  if (admin === "forbidden") return NextResponse.json({ error: "Admins only." }, { status: 403 });
  const query = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return NextResponse.json({ error: "Give a parent id or a search." }, { status: 400 });
  const db = await getDb();
  const graph = await orgGraph(db, admin.organizationId);
  if (query.data.parent) return NextResponse.json({ children: graph.childrenOf(query.data.parent) });
  if (query.data.search) {
    const people = await findPeople(db, admin.organizationId, query.data.search);
    return NextResponse.json({
      matches: people.map((p) => ({
        id: p.id,
        name: `${p.firstName} ${p.lastName}`.trim() || p.email,
        title: p.title,
        path: graph.pathTo(p.id),
      })),
    });
  }
  return NextResponse.json({ roots: graph.roots });
}
