"use client";

import { useActionState, useState } from "react";
import { Alert, buttonClass, Field, inputClass, secondaryButtonClass } from "@/app/_components/ui";
import type { ActionResult } from "@/lib/auth/admin-action";
import { saveSignInAction, testSignInAction } from "./actions";

type Props = {
  redirectUri: string;
  settings: {
    oidcIssuer: string;
    oidcClientId: string;
    hasClientSecret: boolean;
    ssoDomains: string;
    ssoOnly: boolean;
    welcomeEmails: boolean;
  };
};

export function SignInForm({ redirectUri, settings }: Props) {
  // One state for both buttons, so the message shown is the answer to the last one pressed.
  const [state, act, pending] = useActionState<ActionResult | null, FormData>(
    (previous, data) => (data.get("intent") === "test" ? testSignInAction(previous, data) : saveSignInAction(previous, data)),
    null,
  );
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  // Controlled fields: React resets a form after each action, and "Test" must not clear what was typed.
  const [form, setForm] = useState({ ...settings, oidcClientSecret: "" });
  const text = (name: "oidcIssuer" | "oidcClientId" | "oidcClientSecret" | "ssoDomains") => ({
    name,
    id: name,
    value: form[name],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setForm((f) => ({ ...f, [name]: e.target.value })),
  });
  const box = (name: "ssoOnly" | "welcomeEmails") => ({
    name,
    type: "checkbox",
    checked: form[name],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setForm((f) => ({ ...f, [name]: e.target.checked })),
  });
  return (
    <form action={act} className="space-y-4">
      {state?.ok && state.message ? <Alert tone="green">{state.message}</Alert> : null}
      {state && !state.ok && state.error ? <Alert>{state.error}</Alert> : null}
      <h2 className="font-semibold">Single sign-on (OpenID Connect)</h2>
      <Field
        label="Redirect URI"
        htmlFor="redirectUri"
        hint="Register this with your identity provider as the sign-in redirect (callback) URI."
      >
        <input id="redirectUri" readOnly value={redirectUri} className={`${inputClass} bg-slate-50 font-mono`} />
      </Field>
      <Field
        label="Issuer URL"
        htmlFor="oidcIssuer"
        error={errors.oidcIssuer}
        hint="For example https://accounts.google.com. Leave empty to turn single sign-on off."
      >
        <input {...text("oidcIssuer")} type="url" className={inputClass} />
      </Field>
      {form.oidcIssuer.startsWith("http:") ? (
        <Alert tone="amber">
          This issuer uses http: codes and tokens would cross the network unencrypted. Use it only for a provider on this machine or a
          private network.
        </Alert>
      ) : null}
      <Field label="Client ID" htmlFor="oidcClientId" error={errors.oidcClientId}>
        <input {...text("oidcClientId")} className={inputClass} autoComplete="off" />
      </Field>
      <Field
        label="Client secret"
        htmlFor="oidcClientSecret"
        hint={
          settings.hasClientSecret
            ? "A secret is stored (never shown again). Type a new one to replace it."
            : "Stored encrypted, never shown again."
        }
      >
        <input {...text("oidcClientSecret")} type="password" className={inputClass} autoComplete="new-password" />
      </Field>
      <Field
        label="E-mail domains"
        htmlFor="ssoDomains"
        error={errors.ssoDomains}
        hint="People who type an address of these domains on the sign-in page go straight to single sign-on (for example example.com)."
      >
        <input {...text("ssoDomains")} className={inputClass} />
      </Field>
      <label className="flex items-start gap-2 text-sm">
        <input {...box("ssoOnly")} className="mt-1" />
        <span>
          <span className="font-medium">SSO only</span>: no e-mailed sign-in links. Admins keep their password as the way in when the
          identity provider is down.
          {errors.ssoOnly ? <span className="block text-red-700">{errors.ssoOnly}</span> : null}
        </span>
      </label>
      <h2 className="pt-2 font-semibold">New accounts</h2>
      <label className="flex items-start gap-2 text-sm">
        <input {...box("welcomeEmails")} className="mt-1" />
        <span>
          <span className="font-medium">Welcome e-mails</span>: when a sync activates someone, send them one message saying how to sign in
          (pre-start accounts on their start date).
        </span>
      </label>
      <div className="flex flex-wrap gap-3">
        <button type="submit" name="intent" value="save" className={buttonClass} disabled={pending}>
          Save
        </button>
        <button type="submit" name="intent" value="test" formNoValidate className={secondaryButtonClass} disabled={pending}>
          Test single sign-on
        </button>
      </div>
    </form>
  );
}
