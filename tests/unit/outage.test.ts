import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "@/lib/db/outage";

const withCode = (code: string) => Object.assign(new Error(code), { code });

describe("[OUTAGE] which errors mean the database is away (a sync step waits for it) and which are real failures", () => {
  it("a refused or lost connection, and a server shutting down or starting, wherever the driver's error is wrapped", () => {
    for (const code of ["ECONNREFUSED", "ECONNRESET", "CONNECTION_CLOSED", "CONNECT_TIMEOUT", "57P01", "57P03", "08006"]) {
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(true);
      expect(isDatabaseUnavailable(new Error("Failed query: select 1", { cause: withCode(code) })), `wrapped ${code}`).toBe(true);
    }
  });

  it("a wrong query, a broken constraint, or an error without a code are failures, not outages", () => {
    for (const code of ["23505", "42P01", "40001", "22001"]) expect(isDatabaseUnavailable(withCode(code)), code).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
