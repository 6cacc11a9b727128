"use client";

import { useActionState } from "react";
import { Alert, buttonClass, Field, inputClass } from "@/app/_components/ui";
import type { ActionResult } from "@/lib/auth/admin-action";
import { updateUserAction } from "./actions";

type Option = { id: string; label: string };
type Values = Record<
  "email" | "firstName" | "lastName" | "preferredName" | "employeeId" | "title" | "phone" | "location" | "departmentId" | "managerId",
  string
>;

const textFields: Array<{ name: keyof Values; label: string; type?: string }> = [
  { name: "firstName", label: "First name" },
  { name: "lastName", label: "Last name" },
  { name: "preferredName", label: "Preferred name" },
  { name: "email", label: "E-mail", type: "email" },
  { name: "employeeId", label: "Employee ID" },
  { name: "title", label: "Title" },
  { name: "phone", label: "Phone" },
  { name: "location", label: "Location" },
];

export function UserForm({
  userId,
  values,
  departments,
  managers,
  managedByBamboo,
}: {
  userId: string;
  values: Values;
  departments: Option[];
  managers: Option[];
  managedByBamboo: boolean;
}) {
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(updateUserAction, null);
  const errors: Record<string, string | undefined> = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const shown = { ...values, ...(state && !state.ok ? state.values : {}) } as Values;
  // Every field here but none other is overwritten by the next BambooHR sync (the spec's mapping).
  const synced = (label: string) =>
    managedByBamboo ? (
      <>
        {label} <span className="text-xs font-normal text-blue-700">(synced from BambooHR)</span>
      </>
    ) : (
      label
    );
  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="userId" value={userId} />
      {state?.ok ? <Alert tone="green">Saved.</Alert> : null}
      {state && !state.ok && state.error ? <Alert>{state.error}</Alert> : null}
      {managedByBamboo ? (
        <Alert tone="blue">This user is managed by BambooHR: changes to synced fields are overwritten at the next sync.</Alert>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        {textFields.map((f) => (
          <Field key={f.name} label={synced(f.label)} htmlFor={f.name} error={errors[f.name]}>
            <input
              id={f.name}
              name={f.name}
              type={f.type ?? "text"}
              defaultValue={shown[f.name]}
              aria-invalid={errors[f.name] ? true : undefined}
              aria-describedby={errors[f.name] ? `${f.name}-error` : undefined}
              className={inputClass}
            />
          </Field>
        ))}
        <Field label={synced("Department")} htmlFor="departmentId" error={errors.departmentId}>
          <select id="departmentId" name="departmentId" defaultValue={shown.departmentId} className={inputClass}>
            <option value="">None</option>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label={synced("Manager")} htmlFor="managerId" error={errors.managerId}>
          <select id="managerId" name="managerId" defaultValue={shown.managerId} className={inputClass}>
            <option value="">None</option>
            {managers
              .filter((m) => m.id !== userId)
              .map((m) => (
                <option key={m.id} value={m.id}>
                  {m.label}
                </option>
              ))}
          </select>
        </Field>
      </div>
      <button type="submit" className={buttonClass} disabled={pending}>
        {pending ? "Saving…" : "Save changes"}
      </button>
    </form>
  );
}
