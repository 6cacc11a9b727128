"use server";

import { revalidatePath } from "next/cache";
import { adminFormAction } from "@/lib/auth/admin-action";
import { getSignInSettings, saveSignInSettings, sealClientSecret, signInSettingsSchema } from "@/lib/auth/sign-in-settings";
import { testDiscovery } from "@/lib/auth/sso";
import { log } from "@/lib/log/logger";

const fields = (form: FormData) => ({
  oidcIssuer: String(form.get("oidcIssuer") ?? ""),
  oidcClientId: String(form.get("oidcClientId") ?? ""),
  oidcClientSecret: String(form.get("oidcClientSecret") ?? ""),
  ssoDomains: String(form.get("ssoDomains") ?? ""),
  ssoOnly: form.get("ssoOnly") === "on",
  welcomeEmails: form.get("welcomeEmails") === "on",
});

export const saveSignInAction = adminFormAction(signInSettingsSchema, fields, async (input, { admin, db }) => {
  await saveSignInSettings(db, admin.organizationId, input);
  log.info("sign-in settings saved", { organizationId: admin.organizationId, sso: Boolean(input.oidcIssuer), ssoOnly: input.ssoOnly });
  revalidatePath("/admin/sign-in");
  return { ok: true, message: "Sign-in settings saved." };
});

/** "Test": discovery with what the form holds (the stored secret when none is typed); nothing is saved. */
export const testSignInAction = adminFormAction(signInSettingsSchema, fields, async (input, { admin, db }) => {
  if (!input.oidcIssuer) return { ok: false, fieldErrors: { oidcIssuer: "The issuer URL of your identity provider." } };
  const stored = await getSignInSettings(db, admin.organizationId);
  const secret = input.oidcClientSecret ? sealClientSecret(admin.organizationId, input.oidcClientSecret) : stored.oidcClientSecretSealed;
  const result = await testDiscovery({
    ...stored,
    oidcIssuer: input.oidcIssuer,
    oidcClientId: input.oidcClientId,
    oidcClientSecretSealed: secret,
  });
  return result.ok ? { ok: true, message: result.message } : { ok: false, error: result.error };
});
