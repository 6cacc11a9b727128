import { describe, expect, it } from "vitest";

// Its own file: the database handle is per process, and this one must point at nothing.
describe("[OPS] health check", () => {
  it("answers 503 when the database is unreachable", async () => {
    process.env.DATABASE_URL = "postgres://postgres@127.0.0.1:9/none";
    const { GET } = await import("@/app/api/health/route");
    const res = await GET();
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: "error", database: "unreachable" });
  });
});
