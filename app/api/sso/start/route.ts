import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { log } from "@/lib/log/logger";
import { SSO_COOKIE, SSO_COOKIE_MAX_AGE_S, startSignIn } from "@/lib/auth/sso";

export const dynamic = "force-dynamic";

const querySchema = z.object({ organization: z.string().uuid() });

/** Sends the browser to the organization's identity provider, with this sign-in's state kept in a sealed cookie. */
export async function GET(request: Request) {
  const refused = (why: string) => NextResponse.redirect(new URL(`/login/refused?why=${why}`, env().APP_URL), 303);
  const query = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return refused("sso_off");
  let start: Awaited<ReturnType<typeof startSignIn>>;
  try {
    start = await startSignIn(await getDb(), query.data.organization);
  } catch (error) {
    log.warn("single sign-on could not start", { organizationId: query.data.organization, error: (error as Error).message });
    return refused((error as Error).message.includes("not set up") ? "sso_off" : "sso");
  }
  const response = NextResponse.redirect(start.url, 303);
  response.cookies.set(SSO_COOKIE, start.transaction, {
    httpOnly: true,
    sameSite: "lax",
    secure: env().APP_URL.startsWith("https:"),
    maxAge: SSO_COOKIE_MAX_AGE_S,
    path: "/api/sso",
  });
  return response;
}
