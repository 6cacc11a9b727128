import { AuthError } from "next-auth";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { signIn } from "@/lib/auth/config";
import { isRefusal } from "@/lib/auth/admission";
import { SSO_COOKIE } from "@/lib/auth/sso";

export const dynamic = "force-dynamic";

/**
 * The redirect URI registered with the identity provider. The sign-in itself (lib/auth/sso.ts, through Auth.js) checks
 * the answer against this browser's transaction cookie, which is spent either way.
 */
export async function GET(request: Request) {
  const query = new URL(request.url).search;
  let refusal = "sso";
  try {
    await signIn("sso", { response: query, redirectTo: "/" });
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    const code = (error as { code?: unknown }).code;
    if (isRefusal(code)) refusal = code;
  } finally {
    (await cookies()).delete({ name: SSO_COOKIE, path: "/api/sso" });
  }
  redirect(`/login/refused?why=${refusal}`);
}
