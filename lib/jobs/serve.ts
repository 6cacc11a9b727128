import { createHmac, timingSafeEqual } from "node:crypto";
import type { Inngest } from "inngest";
import { serve } from "inngest/next";
import { env, isProduction } from "@/lib/env";

type Handler = (request: Request, context: unknown) => Promise<Response>;
type Handlers = { GET: Handler; POST: Handler; PUT: Handler };

/** Inngest refuses a signature older (or further ahead) than this; so do we. */
const MAX_SIGNATURE_AGE_MS = 5 * 60_000;

/**
 * Inngest's request signature: `X-Inngest-Signature: t=<unix seconds>&s=<hex HMAC-SHA256 of body + t>`, keyed by
 * the signing key without its `signkey-<env>-` prefix. Checked on the raw body, in constant time.
 */
export function inngestSignatureValid(header: string | null, body: string, signingKey: string, now = Date.now()): boolean {
  if (!header) return false;
  const params = new URLSearchParams(header);
  const t = params.get("t") ?? "";
  const s = params.get("s") ?? "";
  if (!/^\d{1,12}$/.test(t) || !/^[0-9a-f]{64}$/i.test(s)) return false;
  if (Math.abs(now - Number(t) * 1000) > MAX_SIGNATURE_AGE_MS) return false;
  const key = signingKey.replace(/^signkey-\w+-/, "");
  const expected = createHmac("sha256", key).update(body).update(t).digest();
  return timingSafeEqual(Buffer.from(s, "hex"), expected);
}

/**
 * The Inngest endpoint, hardened: the address Inngest is told to call is APP_URL's, never the request's Host
 * header; and a PUT (which makes the SDK register the app's functions) must carry Inngest's signature whenever a
 * signing key is configured (always, in production), so an anonymous request cannot trigger a registration.
 */
export function inngestHandlers(client: Inngest, functions: Parameters<typeof serve>[0]["functions"]): Handlers {
  let served: Handlers | undefined;
  const handlers = () => {
    served ??= serve({ client, functions, serveOrigin: new URL(env().APP_URL).origin, servePath: "/api/inngest" }) as unknown as Handlers;
    return served;
  };
  return {
    GET: (request, context) => handlers().GET(request, context),
    POST: (request, context) => handlers().POST(request, context),
    PUT: async (request, context) => {
      const signingKey = env().INNGEST_SIGNING_KEY;
      if (!signingKey && !isProduction(env())) return handlers().PUT(request, context);
      const body = await request.text();
      if (!signingKey || !inngestSignatureValid(request.headers.get("x-inngest-signature"), body, signingKey)) {
        return Response.json({ message: "Registration must be signed by Inngest." }, { status: 401 });
      }
      const again = new Request(request.url, { method: "PUT", headers: request.headers, body: body || undefined });
      return handlers().PUT(again, context);
    },
  };
}
