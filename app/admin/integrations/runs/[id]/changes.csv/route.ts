import { NextResponse } from "next/server";
import { checkAdmin } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { csvRow } from "@/lib/directory/csv";
import { changesText } from "@/app/admin/integrations/_components/field-labels";
import { iterateRunReview, reviewQuerySchema, RUN_CSV_HEADER } from "@/lib/integrations/run-review";
import { runDetails } from "@/lib/integrations/view";
import { routeParam, uuidParam } from "@/lib/route-params";

export const dynamic = "force-dynamic";

/** The run's changes as CSV (the page's filter, every page), streamed. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const admin = await checkAdmin();
  if (admin === "unauthenticated") return NextResponse.json({ error: "Sign in first." }, { status: 401 });
  if (admin === "forbidden") return NextResponse.json({ error: "Admins only." }, { status: 403 });
  const id = routeParam(uuidParam, (await params).id);
  const query = routeParam(reviewQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  const db = await getDb();
  // Another organization's run is no run of this admin's: 404, not an empty file.
  if (!id || !query || !(await runDetails(db, admin.organizationId, id)))
    return NextResponse.json({ error: "No such run." }, { status: 404 });
  const { kind, q } = query;
  const rows = iterateRunReview(db, admin.organizationId, id, { kind, q });
  const encoder = new TextEncoder();
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(RUN_CSV_HEADER + "\r\n"));
        return;
      }
      const next = await rows.next();
      if (next.done) return controller.close();
      const r = next.value;
      controller.enqueue(
        encoder.encode(csvRow([r.name, r.email, r.employeeId, r.kind, changesText(r.changes, r.kind === "created"), r.reason])),
      );
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="roster-run-${id.slice(0, 8)}.csv"`,
      "cache-control": "no-store",
    },
  });
}
