"use client";

import Link from "next/link";
import { startTransition, useActionState, useEffect, useRef, useState } from "react";
import { Alert, buttonClass, Field, inputClass, secondaryButtonClass } from "@/app/_components/ui";
import { blocklistImpactAction, saveSettingsAction, type FormResult } from "../actions";

type Props = {
  subdomain: string;
  keyLast4: string;
  statuses: Array<{ name: string; archived: boolean }>;
  statusSource: "bamboohr" | "fallback";
  blocklist: string[];
  notificationEmails: string[];
  safeguardPercent: number;
  timeZone: string;
  timeZones: string[];
  incrementalHours: number;
  incrementalChoices: number[];
  prestartDays: number;
};

export function SettingsForm(props: Props) {
  const [state, action, pending] = useActionState<FormResult | null, FormData>(saveSettingsAction, null);
  const [selected, setSelected] = useState(new Set(props.blocklist));
  const [impact, setImpact] = useState<string | null>(null);
  const changed = useRef(false);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const values = state && !state.ok ? (state.values ?? {}) : {};

  useEffect(() => {
    if (!changed.current) return;
    setImpact("Checking what this blocklist would change…");
    const timer = setTimeout(async () => {
      const r = await blocklistImpactAction([...selected]);
      setImpact(
        r.ok
          ? `With this blocklist, a sync now would activate ${r.activate} and deactivate ${r.deactivate} user${r.deactivate === 1 ? "" : "s"}.`
          : `Could not check the effect: ${r.error}`,
      );
    }, 400);
    return () => clearTimeout(timer);
  }, [selected]);

  const toggle = (name: string, on: boolean) => {
    changed.current = true;
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(name);
      else next.delete(name);
      return next;
    });
  };

  // Statuses saved earlier but no longer offered by BambooHR stay visible, so they can be removed.
  const names = [...new Set([...props.statuses.map((s) => s.name), ...props.blocklist])];
  const archived = new Set(props.statuses.filter((s) => s.archived).map((s) => s.name));
  return (
    <form
      className="space-y-6"
      // Dispatched by hand rather than <form action>: React resets a form after an action, which would drop
      // the checked statuses (controlled checkboxes) along with everything else the admin changed.
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        startTransition(() => action(data));
      }}
    >
      {state?.ok ? <Alert tone="green">{state.message}</Alert> : null}
      {state && !state.ok && state.error ? <Alert>{state.error}</Alert> : null}
      <Field
        label="API Key"
        htmlFor="apiKey"
        error={errors.apiKey}
        hint={`Currently ••••••••${props.keyLast4} for ${props.subdomain}. Leave blank to keep it; a new key is tested before it is saved.`}
      >
        <input id="apiKey" name="apiKey" type="password" autoComplete="off" className={inputClass} />
      </Field>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">Activation Blocklist</legend>
        <p className="text-xs text-slate-500">
          Employees whose BambooHR Employment Status is checked here are not given active accounts, and are deactivated if they have one.
          While any status is checked, employees with no status at all are deactivated too (BambooHR hides a future-dated status).
          {props.statusSource === "fallback" ? " BambooHR's own list could not be read, so the usual statuses are shown." : ""}
        </p>
        <div className="grid gap-1 sm:grid-cols-2">
          {names.map((name) => (
            <label key={name} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="activationBlocklist"
                value={name}
                checked={selected.has(name)}
                onChange={(e) => toggle(name, e.target.checked)}
                className="h-4 w-4 rounded border-slate-300"
              />
              {name}
              {archived.has(name) ? <span className="text-xs text-slate-500">(archived)</span> : null}
            </label>
          ))}
        </div>
        <p className="min-h-5 text-sm text-slate-700" role="status" aria-live="polite">
          {impact}
        </p>
      </fieldset>
      <Field
        label="Error notification e-mails"
        htmlFor="notificationEmails"
        error={errors.notificationEmails}
        hint="A person or a group address; separate several with commas. Failed syncs and records that could not be synced are sent here."
      >
        <textarea
          id="notificationEmails"
          name="notificationEmails"
          rows={2}
          defaultValue={values.notificationEmails ?? props.notificationEmails.join(", ")}
          className={inputClass}
        />
      </Field>
      <Field
        label="Safeguard threshold (%)"
        htmlFor="safeguardPercent"
        error={errors.safeguardPercent}
        hint="A sync that would deactivate more than this share of active BambooHR users (and at least 5) is held until an admin approves it."
      >
        <input
          id="safeguardPercent"
          name="safeguardPercent"
          type="number"
          min={1}
          max={100}
          defaultValue={values.safeguardPercent ?? props.safeguardPercent}
          className={inputClass + " max-w-32"}
        />
      </Field>
      <Field
        label="Time zone"
        htmlFor="timeZone"
        error={errors.timeZone}
        hint="Termination and start dates take effect at midnight in this zone: someone whose last day is today keeps access until today ends here."
      >
        <select id="timeZone" name="timeZone" defaultValue={values.timeZone ?? props.timeZone} className={inputClass + " max-w-sm"}>
          {props.timeZones.map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </select>
      </Field>
      <Field
        label="Incremental sync"
        htmlFor="incrementalHours"
        error={errors.incrementalHours}
        hint="Between nightly syncs, ask BambooHR what changed since the last successful sync and sync only those employees. Needs Inngest. The nightly full sync still runs, and only it deactivates people missing from BambooHR."
      >
        <select
          id="incrementalHours"
          name="incrementalHours"
          defaultValue={values.incrementalHours ?? String(props.incrementalHours)}
          className={inputClass + " max-w-sm"}
        >
          {props.incrementalChoices.map((h) => (
            <option key={h} value={h}>
              {h === 0 ? "Off" : h === 1 ? "Every hour" : `Every ${h} hours`}
            </option>
          ))}
        </select>
      </Field>
      <Field
        label="Create accounts N days before the start date"
        htmlFor="prestartDays"
        error={errors.prestartDays}
        hint="0 = off: new hires get an active account at once. Above 0, a future hire within that many days of their Hire Date gets an inactive account marked “Starts on …” (so IT can prepare it), activated on that date in this organization's time zone by the next sync."
      >
        <input
          id="prestartDays"
          name="prestartDays"
          type="number"
          min={0}
          max={90}
          defaultValue={values.prestartDays ?? props.prestartDays}
          className={inputClass + " max-w-32"}
        />
      </Field>
      <div className="flex gap-2">
        <button type="submit" className={buttonClass} disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </button>
        <Link href="/admin/integrations" className={secondaryButtonClass}>
          Back
        </Link>
      </div>
    </form>
  );
}
