import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { REQUEST_ID_HEADER, requestIdOf } from "@/lib/log/request-id";
import { contentSecurityPolicy, securityHeaders } from "@/lib/security-headers";

// Every response gets the security headers; pages also a fresh CSP nonce, which Next.js reads from the
// request's CSP header and puts on the scripts it renders.
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const config = env();
  const csp = contentSecurityPolicy(nonce, config.NODE_ENV === "development");
  const forwarded = new Headers(request.headers);
  forwarded.set("x-nonce", nonce);
  forwarded.set("Content-Security-Policy", csp);
  // Every log line of the request, and of a sync it starts, carries this id (lib/log/request.ts).
  const requestId = requestIdOf(request.headers.get(REQUEST_ID_HEADER));
  forwarded.set(REQUEST_ID_HEADER, requestId);
  const response = NextResponse.next({ request: { headers: forwarded } });
  response.headers.set("Content-Security-Policy", csp);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  for (const [name, value] of Object.entries(securityHeaders(config.APP_URL))) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)" }],
};
