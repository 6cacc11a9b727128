import type { Inngest } from "inngest";
import { serve } from "inngest/next";
import { env, isProduction } from "@/lib/env";

type Handler = (request: Request, context: unknown) => Promise<Response>;
type Handlers = { GET: Handler; POST: Handler; PUT: Handler };

/**
 * The Inngest endpoint, hardened: the address Inngest is told to call is APP_URL's, never the request's Host
 * header; and in production a PUT (which makes the SDK register the app's functions) must be signed by Inngest,
 * so an anonymous request can no longer trigger a registration.
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
      if (isProduction(env()) && !request.headers.get("x-inngest-signature")) {
        return Response.json({ message: "Registration must be signed by Inngest." }, { status: 401 });
      }
      return handlers().PUT(request, context);
    },
  };
}
