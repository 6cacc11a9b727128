"use client";

import { useActionState } from "react";
import { Alert, buttonClass, Field, inputClass, secondaryButtonClass } from "@/app/_components/ui";
import { continueWithoutPasswordAction, signInAction, type LoginState } from "./actions";

/**
 * One e-mail field, two ways on: admins type their password and sign in; employees continue without one (their
 * organization's single sign-on, or a link by e-mail).
 */
export function LoginForm() {
  const [passwordState, passwordAction, signingIn] = useActionState<LoginState, FormData>(signInAction, {});
  const [linkState, linkAction, continuing] = useActionState<LoginState, FormData>(continueWithoutPasswordAction, {});
  const error = passwordState.error ?? linkState.error;
  return (
    <form action={passwordAction} className="space-y-4">
      {error ? <Alert>{error}</Alert> : null}
      <Field label="E-mail" htmlFor="email">
        <input id="email" name="email" type="email" required autoComplete="username" className={inputClass} autoFocus />
      </Field>
      <div className="rounded-md border border-slate-200 p-3">
        <button type="submit" formAction={linkAction} formNoValidate className={`${buttonClass} w-full`} disabled={continuing}>
          {continuing ? "One moment…" : "Continue without a password"}
        </button>
        <p className="mt-2 text-xs text-slate-600">
          Employees: your organization&apos;s single sign-on, or a one-time link sent to your work e-mail.
        </p>
      </div>
      <div className="space-y-3 border-t border-slate-200 pt-4">
        <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Admins</p>
        <Field label="Password" htmlFor="password">
          <input id="password" name="password" type="password" autoComplete="current-password" className={inputClass} />
        </Field>
        <button type="submit" className={secondaryButtonClass} disabled={signingIn}>
          {signingIn ? "Signing in…" : "Sign in"}
        </button>
      </div>
    </form>
  );
}
