import * as oidc from "openid-client";
import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { open, seal } from "@/lib/crypto/secret-box";
import { clientSecretOf, getSignInSettings, ssoRedirectUri } from "./sign-in-settings";
import type { SignInSettings } from "@/lib/db/schema";
import { log } from "@/lib/log/logger";
import { admit, SignInRefused, type Refusal } from "./admission";

/** The cookie that carries one sign-in's state, nonce and PKCE verifier from the start to the callback, sealed. */
export const SSO_COOKIE = "roster_sso";
export const SSO_COOKIE_MAX_AGE_S = 10 * 60;
const TRANSACTION_CONTEXT = "sso-transaction";

const transactionSchema = z.object({
  organizationId: z.string().uuid(),
  state: z.string().min(16),
  nonce: z.string().min(16),
  verifier: z.string().min(43),
  expiresAt: z.number(),
});
export type SsoTransaction = z.infer<typeof transactionSchema>;

export const sealTransaction = (t: SsoTransaction) => seal(JSON.stringify(t), TRANSACTION_CONTEXT);

function openTransaction(sealed: string | undefined, now: number): SsoTransaction | null {
  if (!sealed) return null;
  try {
    const t = transactionSchema.parse(JSON.parse(open(sealed, TRANSACTION_CONTEXT)));
    return t.expiresAt > now ? t : null;
  } catch {
    return null;
  }
}

/**
 * The identity provider's configuration from its discovery document (an `http:` issuer is accepted, for a local one).
 * The client secret goes the way the provider takes it: HTTP Basic, OpenID Connect's default (Okta refuses any other
 * way unless told), or in the form when that is all the provider lists.
 */
async function discover(settings: SignInSettings): Promise<oidc.Configuration> {
  if (!settings.oidcIssuer || !settings.oidcClientId) throw new Error("Single sign-on is not set up.");
  const issuer = new URL(settings.oidcIssuer);
  const insecure = issuer.protocol === "http:" ? [oidc.allowInsecureRequests] : [];
  const found = await oidc.discovery(issuer, settings.oidcClientId, undefined, undefined, { timeout: 10, execute: insecure });
  const server = found.serverMetadata();
  const secret = clientSecretOf(settings);
  const methods = server.token_endpoint_auth_methods_supported ?? ["client_secret_basic"];
  const auth = !secret
    ? oidc.None()
    : methods.includes("client_secret_basic") || !methods.includes("client_secret_post")
      ? oidc.ClientSecretBasic(secret)
      : oidc.ClientSecretPost(secret);
  const config = new oidc.Configuration(server, settings.oidcClientId, secret, auth);
  config.timeout = 10;
  for (const apply of insecure) apply(config);
  return config;
}

/**
 * "Test": discovery against the issuer as it would run at sign-in, and what failed in words an admin can act on.
 */
export async function testDiscovery(settings: SignInSettings): Promise<{ ok: true; message: string } | { ok: false; error: string }> {
  try {
    const config = await discover(settings);
    const meta = config.serverMetadata();
    if (!meta.authorization_endpoint || !meta.token_endpoint)
      return { ok: false, error: "The discovery document has no authorization or token endpoint." };
    if (meta.code_challenge_methods_supported && !meta.code_challenge_methods_supported.includes("S256"))
      return { ok: false, error: "The identity provider does not support PKCE (S256), which Roster requires." };
    return { ok: true, message: `Found ${meta.issuer}: sign-in at ${meta.authorization_endpoint}.` };
  } catch (error) {
    return { ok: false, error: discoveryProblem(error, settings.oidcIssuer ?? "") };
  }
}

function discoveryProblem(error: unknown, issuer: string): string {
  const e = error as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  const where = `${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
  if (e.code === "OAUTH_RESPONSE_IS_NOT_CONFORM" || e.code === "OAUTH_RESPONSE_IS_NOT_JSON")
    return `${where} did not answer with a discovery document (${e.message}).`;
  if (e.code === "OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED" || /issuer/i.test(e.message ?? ""))
    return `The discovery document at ${where} names a different issuer: use exactly the issuer it names.`;
  if (e.name === "TimeoutError" || e.cause?.code === "UND_ERR_CONNECT_TIMEOUT") return `${where} did not answer within 10 seconds.`;
  const cause = e.cause?.code ?? e.cause?.message ?? e.message ?? "unknown error";
  return `Could not reach ${where} (${cause}).`;
}

/** The start of a sign-in: where to send the browser, and the transaction to keep in its cookie. */
export async function startSignIn(db: Db, organizationId: string, now = Date.now()): Promise<{ url: string; transaction: string }> {
  const settings = await getSignInSettings(db, organizationId);
  const config = await discover(settings);
  const verifier = oidc.randomPKCECodeVerifier();
  const transaction = {
    organizationId,
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    verifier,
    expiresAt: now + SSO_COOKIE_MAX_AGE_S * 1000,
  };
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: ssoRedirectUri(),
    scope: "openid email profile",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state: transaction.state,
    nonce: transaction.nonce,
  });
  return { url: url.toString(), transaction: sealTransaction(transaction) };
}

const emailClaims = z.object({ email: z.string().max(254).optional(), email_verified: z.unknown().optional() });
const idClaims = z.object({ iss: z.string(), sub: z.string().min(1).max(255) }).extend(emailClaims.shape);

/**
 * The callback: the authorization response checked against this browser's transaction (state, nonce, PKCE), the code
 * exchanged, the ID token verified (signature, issuer, audience). The account is the one already linked to this issuer
 * and subject; or, the first time, the one with the token's verified e-mail, which is then linked. Throws a refusal.
 */
export async function completeSignIn(
  db: Db,
  responseQuery: string,
  sealedTransaction: string | undefined,
  now = Date.now(),
): Promise<{ userId: string; organizationId: string; role: "admin" | "member" }> {
  const transaction = openTransaction(sealedTransaction, now);
  if (!transaction) throw new SignInRefused("sso");
  const settings = await getSignInSettings(db, transaction.organizationId);
  let claims: z.infer<typeof idClaims>;
  try {
    const config = await discover(settings);
    // The response as it reached the registered redirect URI (whatever host the request came in on behind a proxy).
    const response = new URL(ssoRedirectUri());
    response.search = new URLSearchParams(responseQuery).toString();
    const tokens = await oidc.authorizationCodeGrant(
      config,
      response,
      { expectedState: transaction.state, expectedNonce: transaction.nonce, pkceCodeVerifier: transaction.verifier, idTokenExpected: true },
      { redirect_uri: ssoRedirectUri() },
    );
    const id = idClaims.parse(tokens.claims());
    // Some providers keep the e-mail out of the ID token: then it comes from the userinfo endpoint, for the same subject.
    claims = id.email ? id : { ...id, ...emailClaims.parse(await oidc.fetchUserInfo(config, tokens.access_token, id.sub)) };
  } catch (error) {
    // The admin's clue (the person sees the plain refusal): what the provider or the checks objected to.
    log.warn("single sign-on answer refused", { organizationId: transaction.organizationId, error: (error as Error).message });
    throw new SignInRefused("sso");
  }
  const user = await accountOf(db, transaction.organizationId, claims);
  const refusal: Refusal | null = user === "unverified" ? "unverified" : admit(user ?? undefined);
  if (refusal || user === "unverified" || !user) throw new SignInRefused(refusal ?? "unknown");
  return { userId: user.id, organizationId: user.organizationId, role: user.role };
}

async function accountOf(db: Db, organizationId: string, claims: z.infer<typeof idClaims>) {
  const [linked] = await db
    .select()
    .from(users)
    .where(and(eq(users.organizationId, organizationId), eq(users.oidcIssuer, claims.iss), eq(users.oidcSubject, claims.sub)));
  if (linked) return linked;
  // The first sign-in: only an address the identity provider vouches for may pick the account.
  if (claims.email_verified !== true || !claims.email) return "unverified" as const;
  const [byEmail] = await db
    .select()
    .from(users)
    .where(
      and(eq(users.organizationId, organizationId), sql`lower(${users.email}) = ${claims.email.toLowerCase()}`, isNull(users.oidcSubject)),
    );
  if (!byEmail) return null;
  await db.update(users).set({ oidcIssuer: claims.iss, oidcSubject: claims.sub }).where(eq(users.id, byEmail.id));
  return byEmail;
}
