import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getSignInSettings, organizationForDomain, saveSignInSettings, ssoRedirectUri } from "@/lib/auth/sign-in-settings";
import { completeSignIn, sealTransaction, startSignIn, testDiscovery } from "@/lib/auth/sso";
import { open } from "@/lib/crypto/secret-box";
import { users } from "@/lib/db/schema";
import type { Db } from "@/lib/db";
import { createOrg, createUser } from "../helpers/factories";
import { refusal } from "../helpers/refusal";
import { signInAtProvider, startIdentityProvider } from "../helpers/identity-provider";

// A real OpenID Connect provider with its own people; Roster's organization knows some of them by e-mail.
const client = { client_id: "roster", client_secret: "roster-client-secret-0123456789", redirect_uris: [ssoRedirectUri()] };
const other = { client_id: "other-app", client_secret: "other-client-secret-0123456789", redirect_uris: [ssoRedirectUri()] };
const accounts = {
  alice: { email: "alice@sso.example.test", email_verified: true },
  bob: { email: "bob@sso.example.test", email_verified: true },
  mallory: { email: "carol@sso.example.test", email_verified: false },
  leaver: { email: "leaver@sso.example.test", email_verified: true },
  starter: { email: "starter@sso.example.test", email_verified: true },
  stranger: { email: "stranger@sso.example.test", email_verified: true },
};
let idp: Awaited<ReturnType<typeof startIdentityProvider>>;
let elsewhere: Awaited<ReturnType<typeof startIdentityProvider>>;

beforeAll(async () => {
  idp = await startIdentityProvider({ accounts, clients: [client, other] });
  elsewhere = await startIdentityProvider({ accounts, clients: [client] });
});
afterAll(async () => {
  await idp?.close();
  await elsewhere?.close();
});

async function ssoOrg(issuer = idp.issuer, clientId = client.client_id, secret = client.client_secret) {
  const { db, org } = await createOrg();
  await saveSignInSettings(db, org.id, {
    oidcIssuer: issuer,
    oidcClientId: clientId,
    oidcClientSecret: secret,
    ssoDomains: ["sso.example.test"],
    ssoOnly: false,
    welcomeEmails: false,
  });
  return { db, org };
}

/** A whole sign-in as a browser makes it: start, the provider's login as `account`, the callback. */
async function signInAs(db: Db, organizationId: string, account: string) {
  const start = await startSignIn(db, organizationId);
  return completeSignIn(db, await signInAtProvider(start.url, account), start.transaction);
}

describe("[SSO] single sign-on with OpenID Connect", () => {
  it("an employee's verified e-mail picks their account the first time; issuer and subject after that", async () => {
    const { db, org } = await ssoOrg();
    const alice = await createUser(db, org.id, { email: "Alice@sso.example.test", source: "bamboohr" });
    expect(await signInAs(db, org.id, "alice")).toEqual({ userId: alice.id, organizationId: org.id, role: "member" });
    const [linked] = await db.select().from(users).where(eq(users.id, alice.id));
    expect(linked).toMatchObject({ oidcIssuer: idp.issuer, oidcSubject: "alice" });
    // HR changes her address in BambooHR: the same identity still opens the same account.
    await db.update(users).set({ email: "alice.new@sso.example.test" }).where(eq(users.id, alice.id));
    expect(await signInAs(db, org.id, "alice")).toMatchObject({ userId: alice.id });
    // The secret is stored sealed, bound to the organization.
    const settings = await getSignInSettings(db, org.id);
    expect(settings.oidcClientSecretSealed).not.toContain(client.client_secret);
    expect(open(settings.oidcClientSecretSealed!, `sso-client-secret:${org.id}`)).toBe(client.client_secret);
  });

  it("only active accounts get in: inactive, blocklisted, pre-start and unknown people are refused in plain words", async () => {
    const { db, org } = await ssoOrg();
    await createUser(db, org.id, { email: "leaver@sso.example.test", active: false, inactiveReasonCode: "blocklisted" });
    await createUser(db, org.id, { email: "starter@sso.example.test", active: false, inactiveReasonCode: "prestart" });
    const bob = await createUser(db, org.id, { email: "bob@sso.example.test" });
    expect(await refusal(signInAs(db, org.id, "leaver"))).toBe("inactive");
    expect(await refusal(signInAs(db, org.id, "starter"))).toBe("not_started");
    expect(await refusal(signInAs(db, org.id, "stranger"))).toBe("unknown");
    // Deactivated after a first sign-in: the linked identity is refused too.
    expect(await signInAs(db, org.id, "bob")).toMatchObject({ userId: bob.id });
    await db.update(users).set({ active: false, inactiveReasonCode: "terminated" }).where(eq(users.id, bob.id));
    expect(await refusal(signInAs(db, org.id, "bob"))).toBe("inactive");
  });

  it("an e-mail the provider has not verified picks no account", async () => {
    const { db, org } = await ssoOrg();
    const carol = await createUser(db, org.id, { email: "carol@sso.example.test" });
    expect(await refusal(signInAs(db, org.id, "mallory"))).toBe("unverified");
    const [row] = await db.select().from(users).where(eq(users.id, carol.id));
    expect(row.oidcSubject).toBeNull();
  });

  it("a forged state or nonce, a missing transaction, another issuer's or another client's code are refused", async () => {
    const { db, org } = await ssoOrg();
    await createUser(db, org.id, { email: "alice@sso.example.test" });
    // State: the answer names a state this browser did not start.
    let start = await startSignIn(db, org.id);
    let answer = new URLSearchParams(await signInAtProvider(start.url, "alice"));
    answer.set("state", "forged-state-forged-state-forged");
    expect(await refusal(completeSignIn(db, answer.toString(), start.transaction))).toBe("sso");
    // Nonce: a transaction that expects another nonce than the ID token carries.
    start = await startSignIn(db, org.id);
    const query = await signInAtProvider(start.url, "alice");
    const t = JSON.parse(open(start.transaction, "sso-transaction"));
    expect(await refusal(completeSignIn(db, query, sealTransaction({ ...t, nonce: "another-nonce-another-nonce-0000" })))).toBe("sso");
    // No transaction (another browser), or an expired one.
    start = await startSignIn(db, org.id);
    answer = new URLSearchParams(await signInAtProvider(start.url, "alice"));
    expect(await refusal(completeSignIn(db, answer.toString(), undefined))).toBe("sso");
    expect(await refusal(completeSignIn(db, answer.toString(), start.transaction, Date.now() + 11 * 60_000))).toBe("sso");
    // The same answer once more after it was used: the code is spent.
    const fresh = await startSignIn(db, org.id);
    const once = await signInAtProvider(fresh.url, "alice");
    expect(await completeSignIn(db, once, fresh.transaction)).toMatchObject({ organizationId: org.id });
    expect(await refusal(completeSignIn(db, once, fresh.transaction))).toBe("sso");
    // Another issuer: a code from a provider this organization does not use, with this browser's transaction.
    const foreign = await ssoOrg(elsewhere.issuer);
    const foreignStart = await startSignIn(foreign.db, foreign.org.id);
    const foreignAnswer = await signInAtProvider(foreignStart.url, "alice");
    const foreignT = JSON.parse(open(foreignStart.transaction, "sso-transaction"));
    expect(await refusal(completeSignIn(db, foreignAnswer, sealTransaction({ ...foreignT, organizationId: org.id })))).toBe("sso");
    // Another client of the same provider: its code does not redeem as Roster's.
    const otherApp = await ssoOrg(idp.issuer, other.client_id, other.client_secret);
    const otherStart = await startSignIn(otherApp.db, otherApp.org.id);
    const otherAnswer = await signInAtProvider(otherStart.url, "alice");
    const otherT = JSON.parse(open(otherStart.transaction, "sso-transaction"));
    expect(await refusal(completeSignIn(db, otherAnswer, sealTransaction({ ...otherT, organizationId: org.id })))).toBe("sso");
  });

  it("the client secret goes the way the provider takes it: HTTP Basic by default, in the form where that is all it lists", async () => {
    const strict = await Promise.all(
      (["client_secret_basic", "client_secret_post"] as const).map((only) =>
        startIdentityProvider({ accounts, clients: [{ ...client, token_endpoint_auth_method: only }], onlyClientAuth: only }),
      ),
    );
    try {
      for (const { issuer } of strict) {
        const { db, org } = await ssoOrg(issuer);
        const alice = await createUser(db, org.id, { email: "alice@sso.example.test" });
        expect(await signInAs(db, org.id, "alice")).toMatchObject({ userId: alice.id });
      }
    } finally {
      await Promise.all(strict.map((p) => p.close()));
    }
  });

  it("a domain sends its people to the one organization that claims it; a domain two claim, to neither", async () => {
    const { db, org } = await ssoOrg();
    const domain = `${org.id.slice(0, 8)}.example.test`;
    const settings = { oidcIssuer: idp.issuer, oidcClientId: client.client_id, oidcClientSecret: "", ssoOnly: false, welcomeEmails: false };
    await saveSignInSettings(db, org.id, { ...settings, ssoDomains: [domain] });
    expect(await organizationForDomain(db, domain.toUpperCase())).toBe(org.id);
    expect(await organizationForDomain(db, `other-${domain}`)).toBeNull();
    const rival = await ssoOrg();
    await saveSignInSettings(rival.db, rival.org.id, { ...settings, ssoDomains: [domain] });
    expect(await organizationForDomain(db, domain)).toBeNull();
  });

  it("Test says what it found, or exactly what failed", async () => {
    const { db, org } = await ssoOrg();
    const settings = await getSignInSettings(db, org.id);
    expect(await testDiscovery(settings)).toMatchObject({ ok: true, message: expect.stringContaining(idp.issuer) });
    const closed = await testDiscovery({ ...settings, oidcIssuer: "http://127.0.0.1:9" });
    expect(closed).toMatchObject({
      ok: false,
      error: expect.stringContaining("Could not reach http://127.0.0.1:9/.well-known/openid-configuration"),
    });
    const wrongPath = await testDiscovery({ ...settings, oidcIssuer: `${idp.issuer}/tenant` });
    expect(wrongPath.ok).toBe(false);
    expect(wrongPath.ok ? "" : wrongPath.error).toContain(`${idp.issuer}/tenant/.well-known/openid-configuration`);
  });
});
