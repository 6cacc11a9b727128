import type { User } from "@/lib/db/schema";

/**
 * Why someone was not let in, as the refusal page words it (app/login/refused): never which rule of the sync made an
 * account inactive, nor anything about another person.
 */
export const REFUSALS = {
  inactive: "Your account is not active. Ask your HR team.",
  not_started: "Your account is not active yet. You can sign in from your first day.",
  unknown: "There is no Roster account for you in this organization. Ask your HR team.",
  link: "This sign-in link has expired or has already been used. Ask for a new one.",
  sso: "Single sign-on did not complete. Try again, or ask your IT team.",
  unverified: "Your identity provider has not confirmed your e-mail address. Ask your IT team.",
  sso_off: "This organization does not use single sign-on. Sign in with your work e-mail instead.",
  sso_only: "Your organization signs in with single sign-on: enter your work e-mail on the sign-in page to use it.",
} as const;
export type Refusal = keyof typeof REFUSALS;

export const isRefusal = (value: unknown): value is Refusal => typeof value === "string" && Object.hasOwn(REFUSALS, value);

/** A refused sign-in (lib/auth/config.ts hands it to Auth.js, which gives its code back to the caller). */
export class SignInRefused extends Error {
  constructor(readonly refusal: Refusal) {
    super(`sign-in refused: ${refusal}`);
    this.name = "SignInRefused";
  }
}

/** Only an active account gets in: access follows BambooHR (and an admin's hand). */
export function admit(user: Pick<User, "active" | "inactiveReasonCode"> | undefined): Refusal | null {
  if (!user) return "unknown";
  if (user.active) return null;
  return user.inactiveReasonCode === "prestart" || user.inactiveReasonCode === "not_started" ? "not_started" : "inactive";
}
