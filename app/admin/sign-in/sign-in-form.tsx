"use client";

import { useActionState } from "react";
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
  const [saved, save, saving] = useActionState<ActionResult | null, FormData>(saveSignInAction, null);
  const [tested, test, testing] = useActionState<ActionResult | null, FormData>(testSignInAction, null);
  const state = testing || saving ? null : (tested ?? saved);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const values = saved && !saved.ok ? (saved.values ?? {}) : {};
  const value = (name: keyof Props["settings"]) => values[name] ?? String(settings[name]);
  return (
    <form action={save} className="space-y-4">
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
        <input id="oidcIssuer" name="oidcIssuer" type="url" defaultValue={value("oidcIssuer")} className={inputClass} />
      </Field>
      <Field label="Client ID" htmlFor="oidcClientId" error={errors.oidcClientId}>
        <input id="oidcClientId" name="oidcClientId" defaultValue={value("oidcClientId")} className={inputClass} autoComplete="off" />
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
        <input id="oidcClientSecret" name="oidcClientSecret" type="password" className={inputClass} autoComplete="new-password" />
      </Field>
      <Field
        label="E-mail domains"
        htmlFor="ssoDomains"
        error={errors.ssoDomains}
        hint="People who type an address of these domains on the sign-in page go straight to single sign-on (for example example.com)."
      >
        <input id="ssoDomains" name="ssoDomains" defaultValue={value("ssoDomains")} className={inputClass} />
      </Field>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="ssoOnly" defaultChecked={settings.ssoOnly} className="mt-1" />
        <span>
          <span className="font-medium">SSO only</span>: no e-mailed sign-in links. Admins keep their password as the way in when the
          identity provider is down.
          {errors.ssoOnly ? <span className="block text-red-700">{errors.ssoOnly}</span> : null}
        </span>
      </label>
      <h2 className="pt-2 font-semibold">New accounts</h2>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="welcomeEmails" defaultChecked={settings.welcomeEmails} className="mt-1" />
        <span>
          <span className="font-medium">Welcome e-mails</span>: when a sync activates someone, send them one message saying how to sign in
          (pre-start accounts on their start date).
        </span>
      </label>
      <div className="flex flex-wrap gap-3">
        <button type="submit" className={buttonClass} disabled={saving}>
          {saving ? "Saving…" : "Save"}
        </button>
        <button type="submit" formAction={test} formNoValidate className={secondaryButtonClass} disabled={testing}>
          {testing ? "Testing…" : "Test single sign-on"}
        </button>
      </div>
    </form>
  );
}
