import { createCipheriv, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { rotateSecrets } from "@/lib/integrations/rotate-secrets";
import { clientSecretOf, getSignInSettings, rotateClientSecrets, saveSignInSettings } from "@/lib/auth/sign-in-settings";
import { open, seal } from "@/lib/crypto/secret-box";
import { integrations } from "@/lib/db/schema";
import { apiKeyContext, clientFor } from "@/lib/sync/source";
import { webhookKeyContext } from "@/lib/integrations/instant-updates";
import { connect, createOrg } from "../helpers/factories";

const key = (n: number) => Buffer.alloc(32, n).toString("base64");
const saved = process.env.ENCRYPTION_KEY;
afterEach(() => {
  process.env.ENCRYPTION_KEY = saved;
});

/** A value as the first version stored it: "v1", no associated data. */
function legacySeal(plaintext: string, id: string, keyB64: string) {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(keyB64, "base64"), iv);
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", id, iv.toString("base64"), cipher.getAuthTag().toString("base64"), data.toString("base64")].join(":");
}

describe("[SECURITY] npm run secrets:rotate", () => {
  it("re-seals every stored key with the first ENCRYPTION_KEY entry, bound to its row, and says how many", async () => {
    process.env.ENCRYPTION_KEY = `old:${key(1)}`;
    const a = await createOrg();
    const b = await createOrg();
    const first = await connect(a.db, a.org.id, { subdomain: "acme", apiKey: "key-of-acme-1234" });
    const second = await connect(b.db, b.org.id, { subdomain: "beta", apiKey: "key-of-beta-5678" });
    // One value from before associated data existed.
    await a.db
      .update(integrations)
      .set({ apiKeySealed: legacySeal("key-of-beta-5678", "old", key(1)) })
      .where(eq(integrations.id, second.id));
    // A webhook's private key, sealed the same way.
    await a.db
      .update(integrations)
      .set({
        instantUpdates: true,
        webhookSetup: "manual",
        webhookKeySealed: seal("webhook-private-key-of-acme", webhookKeyContext(first)),
      })
      .where(eq(integrations.id, first.id));
    const sso = { oidcIssuer: "https://idp.example.test", oidcClientId: "roster", ssoDomains: [], ssoOnly: false, welcomeEmails: false };
    await saveSignInSettings(a.db, a.org.id, { ...sso, oidcClientSecret: "client-secret-of-acme" });
    process.env.ENCRYPTION_KEY = `new:${key(2)},old:${key(1)}`;
    expect(await rotateClientSecrets(a.db)).toMatchObject({ resealed: 1 });
    // Other test files share the database with keys of their own: those count as unreadable here and stay untouched.
    expect(await rotateSecrets(a.db)).toMatchObject({ resealed: 3 });
    process.env.ENCRYPTION_KEY = `new:${key(2)}`; // the old entry can go now
    const [ra] = await a.db.select().from(integrations).where(eq(integrations.id, first.id));
    const [rb] = await a.db.select().from(integrations).where(eq(integrations.id, second.id));
    expect(open(ra.apiKeySealed, apiKeyContext(ra))).toBe("key-of-acme-1234");
    expect(open(rb.apiKeySealed, apiKeyContext(rb))).toBe("key-of-beta-5678");
    expect(() => open(ra.apiKeySealed, apiKeyContext(rb))).toThrow();
    expect(open(ra.webhookKeySealed!, webhookKeyContext(ra))).toBe("webhook-private-key-of-acme");
    expect(ra.webhookKeySealed!.startsWith("v2:new:")).toBe(true);
    expect(clientFor(rb).subdomain).toBe("beta");
    expect(ra.apiKeySealed.startsWith("v2:new:") && rb.apiKeySealed.startsWith("v2:new:")).toBe(true);
    expect(await rotateSecrets(a.db)).toMatchObject({ resealed: 0 });
    expect(clientSecretOf(await getSignInSettings(a.db, a.org.id))).toBe("client-secret-of-acme");
    expect(await rotateClientSecrets(a.db)).toMatchObject({ resealed: 0 });
  });
});
