import { SignInRefused, type Refusal } from "@/lib/auth/admission";

/** What a sign-in came to: the refusal's reason, or "signed in". */
export async function refusal(promise: Promise<unknown>): Promise<Refusal | "signed in"> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SignInRefused) return error.refusal;
    throw error;
  }
  return "signed in";
}
