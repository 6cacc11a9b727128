import { describe, expect, it } from "vitest";
import { localSecret } from "@/lib/crypto/local-secret";
import { parseKeys } from "@/lib/crypto/keyring";
import { open, seal } from "@/lib/crypto/secret-box";
import { csvCell, csvRow } from "@/lib/directory/csv";
import { Writable } from "node:stream";
import { createLogger, withLogContext } from "@/lib/log/logger";

const key = (n: number) => Buffer.alloc(32, n).toString("base64");

describe("[SECURITY] API keys at rest", () => {
  const ctx = "bamboohr-api-key:org-1:integration-1";
  it("seals with AES-256-GCM: no plaintext, a fresh IV each time, and it opens again", () => {
    const ring = parseKeys(`k1:${key(1)}`);
    const a = seal("secret-api-key", ctx, ring);
    const b = seal("secret-api-key", ctx, ring);
    expect(a).not.toContain("secret-api-key");
    expect(a).not.toBe(b);
    expect(a.startsWith("v2:k1:")).toBe(true);
    expect(open(a, ctx, ring)).toBe("secret-api-key");
  });

  it("reads values sealed with an older key after rotation, and seals with the newest", () => {
    const old = seal("kept", ctx, parseKeys(`k1:${key(1)}`));
    const rotated = parseKeys(`k2:${key(2)},k1:${key(1)}`);
    expect(open(old, ctx, rotated)).toBe("kept");
    expect(seal("new", ctx, rotated).startsWith("v2:k2:")).toBe(true);
    expect(() => open(old, ctx, parseKeys(`k2:${key(2)}`))).toThrow(/no longer holds/);
  });

  it("refuses tampered ciphertext and malformed keys", () => {
    const ring = parseKeys(key(3));
    const parts = seal("value", ctx, ring).split(":");
    parts[4] = Buffer.from("tampered").toString("base64");
    expect(() => open(parts.join(":"), ctx, ring)).toThrow();
    expect(() => parseKeys("k1:c2hvcnQ=")).toThrow(/32 bytes/);
  });

  it("accepts only the full 16-byte tag", () => {
    const ring = parseKeys(key(4));
    const parts = seal("value", ctx, ring).split(":");
    for (const bytes of [4, 8, 12, 15]) {
      const cut = [...parts];
      cut[3] = Buffer.from(parts[3], "base64").subarray(0, bytes).toString("base64");
      expect(() => open(cut.join(":"), ctx, ring)).toThrow(/bad tag/);
    }
  });

  it("binds a sealed key to its organization and integration: copied to another row, it does not open", () => {
    const ring = parseKeys(key(5));
    const sealed = seal("secret-api-key", ctx, ring);
    expect(() => open(sealed, "bamboohr-api-key:org-2:integration-9", ring)).toThrow();
    expect(open(sealed, ctx, ring)).toBe("secret-api-key");
  });

  it("requires secrets in production instead of generating them", () => {
    const env = process.env as Record<string, string | undefined>;
    const saved = { node: env.NODE_ENV, demo: env.ROSTER_DEMO };
    env.NODE_ENV = "production";
    delete env.ROSTER_DEMO;
    try {
      expect(() => localSecret("AUTH_SECRET", undefined)).toThrow(/AUTH_SECRET must be set in production/);
      expect(localSecret("AUTH_SECRET", "given")).toBe("given");
    } finally {
      env.NODE_ENV = saved.node;
      if (saved.demo !== undefined) env.ROSTER_DEMO = saved.demo;
    }
  });
});

describe("[SECURITY] logs never carry secrets", () => {
  it("redacts passwords, keys, tokens, cookies and e-mail bodies by path, and carries the context's ids", () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const logger = createLogger(sink, "info");
    withLogContext({ requestId: "req-1" }, () =>
      logger.info(
        {
          email: "a@b.test",
          password: "p",
          nested: { apiKey: "k", deeper: { sessionToken: "t" } },
          Authorization: "Basic x",
          headers: { cookie: "sid=1" },
          mail: { text: "your sign-in link", subject: "Sign in" },
        },
        "hello",
      ),
    );
    expect(JSON.parse(lines[0])).toMatchObject({
      level: "info",
      msg: "hello",
      requestId: "req-1",
      email: "a@b.test",
      password: "[redacted]",
      nested: { apiKey: "[redacted]", deeper: { sessionToken: "[redacted]" } },
      Authorization: "[redacted]",
      headers: { cookie: "[redacted]" },
      mail: { text: "[redacted]", subject: "Sign in" },
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
