import { describe, expect, it } from "vitest";
import { localSecret } from "@/lib/crypto/local-secret";
import { open, parseKeys, seal } from "@/lib/crypto/secret-box";
import { csvCell, csvRow } from "@/lib/directory/csv";
import { redact } from "@/lib/log/logger";

const key = (n: number) => Buffer.alloc(32, n).toString("base64");

describe("[SECURITY] API keys at rest", () => {
  it("seals with AES-256-GCM: no plaintext, a fresh IV each time, and it opens again", () => {
    const ring = parseKeys(`k1:${key(1)}`);
    const a = seal("secret-api-key", ring);
    const b = seal("secret-api-key", ring);
    expect(a).not.toContain("secret-api-key");
    expect(a).not.toBe(b);
    expect(a.startsWith("v1:k1:")).toBe(true);
    expect(open(a, ring)).toBe("secret-api-key");
  });

  it("reads values sealed with an older key after rotation, and seals with the newest", () => {
    const old = seal("kept", parseKeys(`k1:${key(1)}`));
    const rotated = parseKeys(`k2:${key(2)},k1:${key(1)}`);
    expect(open(old, rotated)).toBe("kept");
    expect(seal("new", rotated).startsWith("v1:k2:")).toBe(true);
    expect(() => open(old, parseKeys(`k2:${key(2)}`))).toThrow(/no longer holds/);
  });

  it("refuses tampered ciphertext and malformed keys", () => {
    const ring = parseKeys(key(3));
    const parts = seal("value", ring).split(":");
    parts[4] = Buffer.from("tampered").toString("base64");
    expect(() => open(parts.join(":"), ring)).toThrow();
    expect(() => parseKeys("k1:c2hvcnQ=")).toThrow(/32 bytes/);
  });

  it("requires secrets in production instead of generating them", () => {
    const env = process.env as Record<string, string | undefined>;
    const saved = { node: env.NODE_ENV, allow: env.ROSTER_ALLOW_LOCAL_SECRETS };
    env.NODE_ENV = "production";
    delete env.ROSTER_ALLOW_LOCAL_SECRETS;
    try {
      expect(() => localSecret("AUTH_SECRET", undefined)).toThrow(/AUTH_SECRET must be set in production/);
      expect(localSecret("AUTH_SECRET", "given")).toBe("given");
    } finally {
      env.NODE_ENV = saved.node;
      if (saved.allow !== undefined) env.ROSTER_ALLOW_LOCAL_SECRETS = saved.allow;
    }
  });
});

describe("[SECURITY] logs never carry secrets", () => {
  it("redacts passwords, keys, tokens, cookies and sessions at any depth", () => {
    expect(
      redact({ email: "a@b.test", password: "p", nested: { apiKey: "k", list: [{ sessionToken: "t" }] }, Authorization: "Basic x" }),
    ).toEqual({
      email: "a@b.test",
      password: "[redacted]",
      nested: { apiKey: "[redacted]", list: [{ sessionToken: "[redacted]" }] },
      Authorization: "[redacted]",
    });
  });
});

describe("[USERS] CSV cells", () => {
  it.each([
    [null, ""],
    [true, "true"],
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["line\nbreak", '"line\nbreak"'],
    ["=SUM(A1)", "'=SUM(A1)"],
    ["+1 555", "'+1 555"],
    ["-2", "'-2"],
    ["@cmd", "'@cmd"],
    ["=a,b", `"'=a,b"`],
  ])("%j -> %j", (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it("ends rows with CRLF", () => {
    expect(csvRow(["a", null, false])).toBe("a,,false\r\n");
  });
});
