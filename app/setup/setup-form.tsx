"use client";

import { useActionState } from "react";
import { Alert, buttonClass, Field, inputClass } from "@/app/_components/ui";
import { createFirstOrganizationAction, type SetupState } from "./actions";

export function SetupForm({ tokenRequired }: { tokenRequired: boolean }) {
  const [state, action, pending] = useActionState<SetupState, FormData>(createFirstOrganizationAction, {});
  const fe = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4">
      {state.error ? <Alert>{state.error}</Alert> : null}
      {tokenRequired ? (
        <Field
          label="Setup token"
          htmlFor="setupToken"
          error={fe.setupToken}
          hint="Printed in the server log when Roster started (or the SETUP_TOKEN you set)."
        >
          <input id="setupToken" name="setupToken" required autoComplete="off" className={inputClass} />
        </Field>
      ) : null}
      <Field label="Organization name" htmlFor="organizationName" error={fe.organizationName}>
        <input id="organizationName" name="organizationName" required className={inputClass} autoFocus={!tokenRequired} />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field label="First name" htmlFor="firstName">
          <input id="firstName" name="firstName" className={inputClass} />
        </Field>
        <Field label="Last name" htmlFor="lastName">
          <input id="lastName" name="lastName" className={inputClass} />
        </Field>
      </div>
      <Field label="Admin e-mail" htmlFor="email" error={fe.email}>
        <input id="email" name="email" type="email" required autoComplete="email" className={inputClass} />
      </Field>
      <Field label="Password" htmlFor="password" error={fe.password} hint="At least 10 characters, not a common password.">
        <input id="password" name="password" type="password" required minLength={10} autoComplete="new-password" className={inputClass} />
      </Field>
      <button type="submit" className={buttonClass} disabled={pending}>
        {pending ? "Creating…" : "Create organization"}
      </button>
    </form>
  );
}
