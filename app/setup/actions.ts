"use server";

import { redirect } from "next/navigation";
import { createFirstOrganization, newOrganizationSchema } from "@/lib/auth/organizations";
import { getDb } from "@/lib/db";
import { log } from "@/lib/log/logger";
import { checkSetupToken } from "@/lib/auth/setup-token";

export type SetupState = { error?: string; fieldErrors?: Record<string, string> };

export async function createFirstOrganizationAction(_prev: SetupState, form: FormData): Promise<SetupState> {
  if (!checkSetupToken(form.get("setupToken"))) {
    log.warn("first setup refused: wrong setup token");
    return { fieldErrors: { setupToken: "This is not the setup token. It is printed in the server log when Roster starts." } };
  }
  const parsed = newOrganizationSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message;
    return { fieldErrors };
  }
  const created = await createFirstOrganization(await getDb(), parsed.data);
  if (!created) return { error: "Roster is already set up. Sign in instead." };
  log.info("first organization created", { organizationId: created.organization.id });
  redirect("/login?setup=done");
}
