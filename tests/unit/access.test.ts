import { describe, expect, it } from "vitest";
import { clientAddress, PEER_HEADER } from "@/lib/auth/client-address";
import { admit } from "@/lib/auth/admission";

const headers = (values: Record<string, string>) => new Headers(values);

describe("[AUTH] the client address the per-address limits key on", () => {
  it("with no trusted proxy, X-Forwarded-For is not read: a client cannot choose its address", () => {
    const spoofed = headers({ [PEER_HEADER]: "203.0.113.7", "x-forwarded-for": "10.9.9.9" });
    expect(clientAddress(spoofed, 0)).toBe("203.0.113.7");
    expect(clientAddress(headers({}), 0)).toBe("unknown");
  });

  it("behind N proxies, the entry the outermost trusted proxy wrote", () => {
    // client (forges 6.6.6.6) -> proxy A (appends 198.51.100.1, the client) -> proxy B (appends A's address) -> Roster
    const chain = headers({ [PEER_HEADER]: "10.0.0.2", "x-forwarded-for": "6.6.6.6, 198.51.100.1, 10.0.0.1" });
    expect(clientAddress(chain, 2)).toBe("198.51.100.1");
    expect(clientAddress(headers({ [PEER_HEADER]: "10.0.0.1", "x-forwarded-for": "6.6.6.6, 198.51.100.1" }), 1)).toBe("198.51.100.1");
    // Fewer entries than proxies: the first, which a trusted proxy wrote.
    expect(clientAddress(headers({ [PEER_HEADER]: "10.0.0.1", "x-forwarded-for": "198.51.100.1" }), 2)).toBe("198.51.100.1");
    expect(clientAddress(headers({ [PEER_HEADER]: "10.0.0.1" }), 1)).toBe("10.0.0.1");
  });
});

describe("[AUTH] who gets in", () => {
  it("only active accounts; pre-start people are told when, everyone else inactive is told the same", () => {
    expect(admit({ active: true, inactiveReasonCode: null })).toBeNull();
    expect(admit(undefined)).toBe("unknown");
    expect(admit({ active: false, inactiveReasonCode: "prestart" })).toBe("not_started");
    expect(admit({ active: false, inactiveReasonCode: "not_started" })).toBe("not_started");
    for (const code of ["terminated", "blocklisted", "manual", "missing_from_bamboohr", null] as const)
      expect(admit({ active: false, inactiveReasonCode: code })).toBe("inactive");
  });
});
