"use client";

import { useActionState, useState } from "react";
import { Alert, buttonClass, Field, inputClass, secondaryButtonClass } from "@/app/_components/ui";
import { connectAction, type FormResult } from "../actions";

export function SetupForm({ initiallyOpen = false }: { initiallyOpen?: boolean }) {
  const [open, setOpen] = useState(initiallyOpen);
  const [state, action, pending] = useActionState<FormResult | null, FormData>(connectAction, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const values = state && !state.ok ? (state.values ?? {}) : {};
  if (!open) {
    return (
      <button type="button" className={buttonClass} onClick={() => setOpen(true)}>
        Set up
      </button>
    );
  }
  return (
    <form action={action} className="space-y-4" aria-label="Set up BambooHR">
      {state && !state.ok && state.error ? <Alert>{state.error}</Alert> : null}
      <Field
        label="Subdomain"
        htmlFor="subdomain"
        error={errors.subdomain}
        hint={
          <>
            The <strong>companyname</strong> part of your BambooHR address, https://<strong>companyname</strong>.bamboohr.com. You can paste
            the whole address.
          </>
        }
      >
        <input
          id="subdomain"
          name="subdomain"
          defaultValue={values.subdomain}
          required
          autoComplete="off"
          spellCheck={false}
          className={inputClass}
        />
      </Field>
      <Field
        label="API Key"
        htmlFor="apiKey"
        error={errors.apiKey}
        hint="In BambooHR, open your profile menu → API Keys, add or pick a key, and copy the whole string. Its owner's permissions decide which fields Roster can read."
      >
        <input id="apiKey" name="apiKey" type="password" required autoComplete="off" className={inputClass} />
      </Field>
      <div className="flex gap-2">
        <button type="submit" className={buttonClass} disabled={pending}>
          {pending ? "Testing the connection…" : "Save"}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
