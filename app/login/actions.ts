"use server";

import { AuthError } from "next-auth";
import { signIn } from "@/lib/auth/config";

export type LoginState = { error?: string };

export async function signInAction(_prev: LoginState, form: FormData): Promise<LoginState> {
  try {
    await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirectTo: "/admin",
    });
  } catch (error) {
    // One message for every failure: no hint whether the account exists, is locked or deactivated.
    if (error instanceof AuthError) return { error: "Wrong e-mail or password, or the account cannot sign in." };
    throw error;
  }
  return {};
}
