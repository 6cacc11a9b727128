"use client";

import { useActionState, useState, useTransition } from "react";
import { Alert, buttonClass, Field, inputClass, secondaryButtonClass } from "@/app/_components/ui";
import { disableInstantUpdatesAction, enableInstantUpdatesAction, saveWebhookKeyAction, type FormResult } from "../actions";

/** Turns instant updates on or off; without the permission to create webhooks, the steps to make one by hand. */
export function InstantUpdatesControls(props: {
  on: boolean;
  setup: "api" | "manual" | null;
  keySaved: boolean;
  webhookUrl: string;
  monitoredFields: string[];
}) {
  const [pending, start] = useTransition();
  const [result, setResult] = useState<FormResult | null>(null);
  const [keyState, saveKey, savingKey] = useActionState<FormResult | null, FormData>(saveWebhookKeyAction, null);
  const run = (action: () => Promise<FormResult>) => start(async () => setResult(await action()));
  return (
    <div className="space-y-2">
      {result?.ok && result.message ? (
        <Alert tone={props.setup === "manual" && !props.keySaved ? "amber" : "green"}>{result.message}</Alert>
      ) : null}
      {result && !result.ok && result.error ? <Alert>{result.error}</Alert> : null}
      {props.on ? (
        <button type="button" className={secondaryButtonClass} disabled={pending} onClick={() => run(disableInstantUpdatesAction)}>
          {pending ? "Turning off…" : "Turn instant updates off"}
        </button>
      ) : (
        <button type="button" className={buttonClass} disabled={pending} onClick={() => run(enableInstantUpdatesAction)}>
          {pending ? "Creating the webhook in BambooHR…" : "Turn instant updates on"}
        </button>
      )}
      {props.on && props.setup === "manual" ? (
        <div className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="manual-webhook-steps">
          <p>
            The API key may not create webhooks, so create it by hand: in BambooHR, open <strong>Settings &gt; Webhooks</strong>, choose{" "}
            <strong>Add Webhook</strong>, and enter:
          </p>
          <dl className="grid grid-cols-[9rem_1fr] gap-x-3 gap-y-1">
            <dt className="text-slate-600">Name</dt>
            <dd>Roster user sync</dd>
            <dt className="text-slate-600">URL</dt>
            <dd className="font-mono break-all" data-testid="webhook-url">
              {props.webhookUrl}
            </dd>
            <dt className="text-slate-600">Format</dt>
            <dd>JSON</dd>
            <dt className="text-slate-600">Events</dt>
            <dd>Employee created, updated and deleted</dd>
            <dt className="text-slate-600">Monitored fields</dt>
            <dd className="font-mono">{props.monitoredFields.join(", ")}</dd>
          </dl>
          <p>BambooHR then shows the webhook&apos;s private key once. Paste it here; Roster keeps it encrypted and never shows it again.</p>
          <form action={saveKey} className="space-y-2">
            {keyState?.ok ? <Alert tone="green">{keyState.message}</Alert> : null}
            {keyState && !keyState.ok && keyState.error ? <Alert>{keyState.error}</Alert> : null}
            <Field
              label={props.keySaved ? "Private key (saved; paste again to replace it)" : "Private key"}
              htmlFor="privateKey"
              error={keyState && !keyState.ok ? keyState.fieldErrors?.privateKey : undefined}
            >
              <input id="privateKey" name="privateKey" type="password" autoComplete="off" className={inputClass + " max-w-md"} />
            </Field>
            <button type="submit" className={secondaryButtonClass} disabled={savingKey}>
              {savingKey ? "Saving…" : "Save private key"}
            </button>
          </form>
        </div>
      ) : null}
    </div>
  );
}
