"use server";

import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { after } from "next/server";
import { signIn } from "@/lib/auth/config";
import { isRefusal } from "@/lib/auth/admission";
import { clientAddress } from "@/lib/auth/client-address";
import { linkRequestSchema, requestSignInLink } from "@/lib/auth/email-link";
import { organizationForDomain } from "@/lib/auth/sign-in-settings";
import { getDb } from "@/lib/db";
import { log } from "@/lib/log/logger";

export type LoginState = { error?: string };

export async function signInAction(_prev: LoginState, form: FormData): Promise<LoginState> {
  try {
    await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirectTo: "/",
    });
  } catch (error) {
    // One message for every failure: no hint whether the account exists, is locked or deactivated.
    if (error instanceof AuthError) return { error: "Wrong e-mail or password, or the account cannot sign in." };
    throw error;
  }
  return {};
}

/**
 * Without a password: an address of a domain an organization signs in through SSO goes to its identity provider;
 * any other gets the same answer ("check your e-mail") whether or not it has an account. The link is sent after the
 * answer, so the time taken tells nothing either.
 */
export async function continueWithoutPasswordAction(_prev: LoginState, form: FormData): Promise<LoginState> {
  const parsed = linkRequestSchema.safeParse({ email: form.get("email") });
  if (!parsed.success) return { error: "Enter your work e-mail address." };
  const { email } = parsed.data;
  const db = await getDb();
  const organizationId = await organizationForDomain(db, email.split("@")[1]);
  if (organizationId) redirect(`/api/sso/start?organization=${organizationId}`);
  const client = clientAddress(await headers());
  after(() =>
    requestSignInLink(db, email, client).catch((error) => log.error("sign-in link request failed", { error: (error as Error).message })),
  );
  redirect("/login/check-email");
}

/** The button on an e-mailed link's page: the link is spent here (not by opening it, which mail scanners do). */
export async function spendLinkAction(form: FormData): Promise<void> {
  let refusal = "link";
  try {
    await signIn("link", { token: String(form.get("token") ?? ""), redirectTo: "/" });
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    const code = (error as { code?: unknown }).code;
    if (isRefusal(code)) refusal = code;
  }
  redirect(`/login/refused?why=${refusal}`);
}
