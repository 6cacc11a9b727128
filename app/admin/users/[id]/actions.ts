"use server";

import { revalidatePath } from "next/cache";
import { notFound } from "next/navigation";
import { z } from "zod";
import { adminAction, adminFormAction } from "@/lib/auth/admin-action";
import { endSessionById } from "@/lib/auth/session-store";
import { setUserActive, updateUser } from "@/lib/directory/users";

const userId = z.string().uuid();

/** An admin's edit of a user; the fields are checked by `updateUser` (every reference inside the organization). */
export const updateUserAction = adminFormAction(
  z.looseObject({ userId }),
  (form) => Object.fromEntries(form) as { userId: string },
  async ({ userId: id, ...fields }, { admin, db }) => {
    const result = await updateUser(db, admin.organizationId, id, fields, admin.userId);
    if (result.ok) {
      revalidatePath(`/admin/users/${id}`);
      return { ok: true, message: "Saved." };
    }
    const { form, ...fieldErrors } = result.errors;
    if (form === "User not found.") notFound();
    return { ok: false, error: form, fieldErrors: fieldErrors as Record<string, string> };
  },
);

export const setUserActiveAction = adminAction(z.object({ userId, active: z.boolean() }), async (input, { admin, db }) => {
  const result = await setUserActive(db, admin.organizationId, input.userId, input.active, admin.userId);
  if (!result) notFound();
  if (result === "last_admin")
    return { ok: false as const, error: "This is the organization's last active admin: make another person an admin first." };
  revalidatePath(`/admin/users/${input.userId}`);
  return { ok: true as const };
});

/** An admin ends one of a person's sessions: their next request is refused. */
export const endSessionAction = adminAction(z.object({ userId, sessionId: z.string().uuid() }), async (input, { admin, db }) => {
  if (!(await endSessionById(db, admin.organizationId, input.sessionId))) notFound();
  revalidatePath(`/admin/users/${input.userId}`);
  return { ok: true };
});
