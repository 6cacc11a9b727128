import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { changedEmployeeIds, deliveryDigest, parseTimestamp, verifyDelivery } from "@/lib/webhooks/verify";
import { resolveDatasetFields } from "@/lib/bamboohr/datasets";

const KEY = "a-private-key-of-forty-characters-......";
const body = Buffer.from('{"type":"employee.updated","timestamp":"2026-11-27T10:00:00Z","data":{"employeeId":"42"}}');
const hmac = (ts: string) => createHmac("sha256", KEY).update(Buffer.concat([body, Buffer.from(ts)]));

describe("[WEBHOOKS] signature, timestamp and payload rules", () => {
  const now = Date.parse("2026-11-27T10:00:00Z");
  const ts = String(now / 1000);

  it("accepts BambooHR's hex HMAC of body + timestamp, in either case; any other writing is refused", () => {
    expect(verifyDelivery(KEY, body, { signature: hmac(ts).digest("hex"), timestamp: ts }, now)).toEqual({ ok: true });
    expect(verifyDelivery(KEY, body, { signature: hmac(ts).digest("hex").toUpperCase(), timestamp: ts }, now)).toEqual({ ok: true });
    for (const other of [
      hmac(ts).digest("base64"),
      hmac(ts).digest("base64url"),
      `${hmac(ts).digest("hex")}00`,
      `0x${hmac(ts).digest("hex")}`,
    ])
      expect(verifyDelivery(KEY, body, { signature: other, timestamp: ts }, now)).toMatchObject({ ok: false, reason: "signature not hex" });
  });

  it("refuses a signature of the body alone, of another key, or cut short; and timestamps past five minutes either way", () => {
    const bodyOnly = createHmac("sha256", KEY).update(body).digest("hex");
    expect(verifyDelivery(KEY, body, { signature: bodyOnly, timestamp: ts }, now)).toMatchObject({ ok: false, reason: "bad signature" });
    expect(verifyDelivery("other", body, { signature: hmac(ts).digest("hex"), timestamp: ts }, now).ok).toBe(false);
    expect(verifyDelivery(KEY, body, { signature: hmac(ts).digest("hex").slice(0, 40), timestamp: ts }, now).ok).toBe(false);
    const old = String(now / 1000 - 301);
    const ahead = String(now / 1000 + 301);
    expect(verifyDelivery(KEY, body, { signature: hmac(old).digest("hex"), timestamp: old }, now)).toMatchObject({
      reason: "stale timestamp",
    });
    expect(verifyDelivery(KEY, body, { signature: hmac(ahead).digest("hex"), timestamp: ahead }, now)).toMatchObject({
      reason: "stale timestamp",
    });
    const edge = String(now / 1000 - 299);
    expect(verifyDelivery(KEY, body, { signature: hmac(edge).digest("hex"), timestamp: edge }, now)).toEqual({ ok: true });
  });

  it("reads timestamps in Unix seconds, milliseconds or ISO 8601", () => {
    expect(parseTimestamp("1764237600")).toBe(1764237600000);
    expect(parseTimestamp("1764237600000")).toBe(1764237600000);
    expect(parseTimestamp("2025-11-27T10:00:00Z")).toBe(Date.parse("2025-11-27T10:00:00Z"));
    expect(parseTimestamp("soon")).toBeNull();
  });

  it("finds the employees of event, event-list and field-based deliveries; anything else is unreadable", () => {
    expect(changedEmployeeIds(body.toString())).toEqual(["42"]);
    expect(
      changedEmployeeIds('[{"type":"employee.created","data":{"employeeId":7}},{"type":"employee.deleted","data":{"employeeId":"8"}}]'),
    ).toEqual(["7", "8"]);
    expect(changedEmployeeIds('{"employees":[{"id":"1","action":"Updated"},{"id":"2"},{"id":"1"}]}')).toEqual(["1", "2"]);
    expect(changedEmployeeIds("not json")).toBeNull();
    expect(changedEmployeeIds('{"hello":"world"}')).toBeNull();
  });

  it("one delivery has one digest, from the signature's bytes; another timestamp or signature is another", () => {
    const hex = hmac(ts).digest("hex");
    expect(deliveryDigest(ts, hex.toUpperCase())).toBe(deliveryDigest(` ${ts} `, hex));
    expect(deliveryDigest("1", hex)).not.toBe(deliveryDigest("2", hex));
    expect(deliveryDigest(ts, hex)).not.toBe(deliveryDigest(ts, hmac("1").digest("hex")));
  });
});

describe("[BAMBOOHR] dataset field names", () => {
  it("finds each mapped field by a known name, then by BambooHR's label; what is not found stays unmapped", () => {
    const resolved = resolveDatasetFields([
      { name: "employeeId", label: "Employee ID" },
      { name: "email", label: "Work Email" },
      { name: "firstName", label: "First Name" },
      { name: "customReportsTo", label: "Supervisor EID" },
      { name: "x_dept", label: "department" },
      { name: "status", label: "Status" },
    ]);
    expect(Object.fromEntries(resolved)).toEqual({
      id: "employeeId",
      workEmail: "email",
      firstName: "firstName",
      supervisorEId: "customReportsTo",
      department: "x_dept",
      status: "status",
    });
  });
});
