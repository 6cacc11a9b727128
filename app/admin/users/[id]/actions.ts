"use server";

import { revalidatePath } from "next/cache";
import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { setUserActive, updateUser, type FieldErrors } from "@/lib/directory/users";

// On error the submitted values come back, so the form shows what the admin typed, not the saved values.
export type UserFormState = { ok?: boolean; errors?: FieldErrors; values?: Record<string, string> };

export async function updateUserAction(userId: string, _prev: UserFormState, form: FormData): Promise<UserFormState> {
  const admin = await requireAdmin();
  const result = await updateUser(await getDb(), admin.organizationId, userId, Object.fromEntries(form), admin.userId);
  if (!result.ok) {
    if (result.errors.form === "User not found.") notFound();
    const values = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));
    return { errors: result.errors, values };
  }
  revalidatePath(`/admin/users/${userId}`);
  return { ok: true };
}

export async function setUserActiveAction(userId: string, active: boolean): Promise<void> {
  const admin = await requireAdmin();
  if (!(await setUserActive(await getDb(), admin.organizationId, userId, active, admin.userId))) notFound();
  revalidatePath(`/admin/users/${userId}`);
}
