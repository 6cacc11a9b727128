export const dynamic = "force-dynamic";

/** Liveness: the process answers. Whether it can serve (the database, the configuration) is `/api/ready`. */
export function GET() {
  return Response.json({ status: "ok" });
}
