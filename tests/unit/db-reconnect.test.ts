import type postgres from "postgres";
import { describe, expect, it } from "vitest";
import { retryingOnceAfterRestart } from "@/lib/db/reconnect";

/** A stand-in for postgres.js's client that fails its first `n` statements with `code`, then answers. */
function flakyClient(n: number, code: string) {
  let calls = 0;
  const unsafe = () => {
    calls++;
    const fail = calls <= n;
    const result = fail
      ? Promise.reject(Object.assign(new Error("terminating connection due to administrator command"), { code }))
      : Promise.resolve([{ ok: 1 }]);
    result.catch(() => {});
    return Object.assign(result, { values: () => (fail ? result : Promise.resolve([[1]])) });
  };
  const client = Object.assign(() => undefined, { unsafe, begin: () => "begin passes through" }) as unknown as postgres.Sql;
  return { client, calls: () => calls };
}

describe("[DB] a statement the server ended with its connection (a database restart) is sent once more", () => {
  it("57P01 (administrator shutdown) outside a transaction: sent again, answered", async () => {
    const { client, calls } = flakyClient(1, "57P01");
    const db = retryingOnceAfterRestart(client);
    expect(await db.unsafe("select 1")).toEqual([{ ok: 1 }]);
    expect(calls()).toBe(2);
    const again = flakyClient(1, "57P03");
    expect(await retryingOnceAfterRestart(again.client).unsafe("select 1").values()).toEqual([[1]]);
  });

  it("only once, and never for other errors (a wrong query, a lost connection mid-statement)", async () => {
    const twice = flakyClient(2, "57P01");
    await expect(retryingOnceAfterRestart(twice.client).unsafe("select 1")).rejects.toMatchObject({ code: "57P01" });
    expect(twice.calls()).toBe(2);
    for (const code of ["42P01", "CONNECTION_CLOSED", "23505"]) {
      const other = flakyClient(1, code);
      await expect(retryingOnceAfterRestart(other.client).unsafe("select 1")).rejects.toMatchObject({ code });
      expect(other.calls()).toBe(1);
    }
  });

  it("transactions are not wrapped: begin is the client's own", () => {
    const { client } = flakyClient(0, "");
    expect((retryingOnceAfterRestart(client) as unknown as { begin: () => string }).begin()).toBe("begin passes through");
  });
});
