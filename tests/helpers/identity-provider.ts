import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

/**
 * A real OpenID Connect provider (`oidc-provider`) on loopback, with its own people and registered clients, for the
 * tests of single sign-on (Vitest and Playwright). Its login page takes any listed account id as the login; consent
 * is granted ahead, so a sign-in is the login form and back.
 */
export type IdpAccount = { email: string; email_verified: boolean; name?: string };
export type IdpClient = {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
  token_endpoint_auth_method?: "client_secret_basic" | "client_secret_post";
};

export async function startIdentityProvider(options: {
  accounts: Record<string, IdpAccount>;
  clients: IdpClient[];
  port?: number;
  /**
   * The one way clients may send their secret to the token endpoint, listed alone in the discovery document and
   * enforced (as Okta does; oidc-provider itself takes either).
   */
  onlyClientAuth?: "client_secret_basic" | "client_secret_post";
}) {
  const server = (await import("node:http")).createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", () => resolve()));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: options.clients.map((c) => ({ ...c, grant_types: ["authorization_code"], response_types: ["code"] })),
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    pkce: { required: () => true },
    ...(options.onlyClientAuth ? { clientAuthMethods: [options.onlyClientAuth] } : {}),
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      const account = options.accounts[id];
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
  });
  if (options.onlyClientAuth)
    provider.use(async (ctx, next) => {
      const basic = /^basic /i.test(ctx.get("authorization"));
      if (ctx.method === "POST" && ctx.path === "/token" && basic !== (options.onlyClientAuth === "client_secret_basic")) {
        ctx.status = 401;
        ctx.body = { error: "invalid_client", error_description: `only ${options.onlyClientAuth} is accepted` };
        return;
      }
      await next();
    });
  provider.on("server_error", (_ctx, error) => console.error("identity provider error", error));
  server.on("request", provider.callback());
  return {
    issuer,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A browser's trip through the provider without a browser: the authorization URL, the login form (as `accountId`),
 * and back; returns the query the provider sends to the redirect URI.
 */
export async function signInAtProvider(authorizationUrl: string, accountId: string): Promise<string> {
  const jar = new Map<string, string>();
  const send = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as Record<string, string>), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") },
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const at = pair.indexOf("=");
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  };
  let response = await send(authorizationUrl);
  for (let hops = 0; hops < 10; hops++) {
    const location = response.headers.get("location");
    if (!location) throw new Error(`identity provider answered ${response.status}: ${await response.text()}`);
    const next = new URL(location, authorizationUrl);
    if (!next.pathname.startsWith("/interaction/") && !next.pathname.startsWith("/auth")) return next.search;
    if (next.pathname.startsWith("/interaction/")) {
      await send(next.toString());
      response = await send(next.toString(), {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ prompt: "login", login: accountId, password: "any" }).toString(),
      });
    } else {
      response = await send(next.toString());
    }
  }
  throw new Error("too many redirects at the identity provider");
}
