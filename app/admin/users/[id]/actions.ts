"use server";

import { revalidatePath } from "next/cache";
import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { setUserActive, updateUser, type FieldErrors } from "@/lib/directory/users";

export type UserFormState = { ok?: boolean; errors?: FieldErrors };

export async function updateUserAction(userId: string, _prev: UserFormState, form: FormData): Promise<UserFormState> {
  const admin = await requireAdmin();
  const result = await updateUser(await getDb(), admin.organizationId, userId, Object.fromEntries(form));
  if (!result.ok) {
    if (result.errors.form === "User not found.") notFound();
    return { errors: result.errors };
  }
  revalidatePath(`/admin/users/${userId}`);
  return { ok: true };
}

export async function setUserActiveAction(userId: string, active: boolean): Promise<void> {
  const admin = await requireAdmin();
  if (!(await setUserActive(await getDb(), admin.organizationId, userId, active))) notFound();
  revalidatePath(`/admin/users/${userId}`);
}
