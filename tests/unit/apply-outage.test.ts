import { describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { applyItems } from "@/lib/sync/apply/writer";
import type { StoredItem } from "@/lib/sync/apply/plan-store";

describe("[APPLY] a database outage during a batch", () => {
  it("stops the batch at once: it is not applied row by row, and no row is reported as bad", async () => {
    const outage = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    let transactions = 0;
    const db = {
      transaction: async () => {
        transactions++;
        throw new Error("Failed query: begin", { cause: outage });
      },
    } as unknown as Db;
    const item = (position: number): StoredItem => ({
      position,
      action: "deactivate",
      userId: `user-${position}`,
      bamboohrId: String(position),
      employeeId: null,
      name: `Person ${position}`,
      changes: {},
      payload: { kind: "missing", active: false, deactivationDate: null, inactiveReasonCode: null, inactiveReason: null },
    });
    await expect(applyItems(db, { organizationId: "org", runId: "run" }, [item(0), item(1), item(2)], new Map())).rejects.toThrow(
      "Failed query: begin",
    );
    // One attempt for the whole batch; the row-by-row fallback (which records failures as skipped rows) never ran.
    expect(transactions).toBe(1);
  });
});
