import { eq, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { signInSettings, type SignInSettings } from "@/lib/db/schema";
import { isCurrent, open, seal } from "@/lib/crypto/secret-box";
import { env } from "@/lib/env";

/** Where the identity provider sends people back: the one address to register with it. */
export const ssoRedirectUri = () => new URL("/api/sso/callback", env().APP_URL).toString();

const domainList = z
  .string()
  .trim()
  .toLowerCase()
  .max(1000)
  .transform((v) =>
    v
      .split(/[\s,]+/)
      .map((d) => d.replace(/^@/, ""))
      .filter(Boolean),
  )
  .refine((list) => list.every((d) => /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(d)), "Domains like example.com, separated by commas.");

export const signInSettingsSchema = z
  .object({
    oidcIssuer: z.union([z.literal(""), z.string().trim().url("An absolute URL, such as https://accounts.google.com.").max(500)]),
    oidcClientId: z.string().trim().max(300),
    /** Empty keeps the stored secret. */
    oidcClientSecret: z.string().max(1000),
    ssoDomains: domainList,
    ssoOnly: z.boolean(),
    welcomeEmails: z.boolean(),
  })
  .superRefine((v, ctx) => {
    if (v.oidcIssuer && !v.oidcClientId)
      ctx.addIssue({ code: "custom", path: ["oidcClientId"], message: "The client ID the identity provider gave you." });
    if (v.ssoOnly && !v.oidcIssuer) ctx.addIssue({ code: "custom", path: ["ssoOnly"], message: "Set up single sign-on first." });
  });
export type SignInSettingsInput = z.output<typeof signInSettingsSchema>;

const secretContext = (organizationId: string) => `sso-client-secret:${organizationId}`;

/** An organization's sign-in choices; an organization that never saved them has e-mailed links only. */
export async function getSignInSettings(db: Db, organizationId: string): Promise<SignInSettings> {
  const [row] = await db.select().from(signInSettings).where(eq(signInSettings.organizationId, organizationId));
  return (
    row ?? {
      organizationId,
      oidcIssuer: null,
      oidcClientId: null,
      oidcClientSecretSealed: null,
      ssoDomains: "",
      ssoOnly: false,
      welcomeEmails: false,
      updatedAt: new Date(0),
    }
  );
}

/** What an admin page may show: never the secret, only whether one is stored. */
export function settingsView(s: SignInSettings) {
  return {
    oidcIssuer: s.oidcIssuer ?? "",
    oidcClientId: s.oidcClientId ?? "",
    hasClientSecret: Boolean(s.oidcClientSecretSealed),
    ssoDomains: s.ssoDomains,
    ssoOnly: s.ssoOnly,
    welcomeEmails: s.welcomeEmails,
  };
}

export async function saveSignInSettings(db: Db, organizationId: string, input: SignInSettingsInput): Promise<void> {
  const values = {
    oidcIssuer: input.oidcIssuer || null,
    oidcClientId: input.oidcIssuer ? input.oidcClientId : null,
    ssoDomains: input.ssoDomains.join(", "),
    ssoOnly: input.ssoOnly,
    welcomeEmails: input.welcomeEmails,
    updatedAt: new Date(),
    ...(input.oidcClientSecret ? { oidcClientSecretSealed: sealClientSecret(organizationId, input.oidcClientSecret) } : {}),
    ...(input.oidcIssuer ? {} : { oidcClientSecretSealed: null }),
  };
  await db
    .insert(signInSettings)
    .values({ organizationId, ...values })
    .onConflictDoUpdate({ target: signInSettings.organizationId, set: values });
}

export const sealClientSecret = (organizationId: string, secret: string) => seal(secret, secretContext(organizationId));

export function clientSecretOf(s: SignInSettings): string | undefined {
  return s.oidcClientSecretSealed ? open(s.oidcClientSecretSealed, secretContext(s.organizationId)) : undefined;
}

/**
 * The organization whose SSO an e-mail domain belongs to. A domain two organizations claim belongs to neither (one of
 * them could send the other's people to its own identity provider): their people get e-mailed links instead.
 */
export async function organizationForDomain(db: Db, domain: string): Promise<string | null> {
  const rows = await db
    .select({ organizationId: signInSettings.organizationId })
    .from(signInSettings)
    .where(
      sql`${domain.toLowerCase()} = any(string_to_array(replace(${signInSettings.ssoDomains}, ' ', ''), ',')) and ${signInSettings.oidcIssuer} is not null`,
    )
    .limit(2);
  return rows.length === 1 ? rows[0].organizationId : null;
}

/** `npm run secrets:rotate`: every stored SSO client secret re-sealed with the first ENCRYPTION_KEY entry. */
export async function rotateClientSecrets(db: Db): Promise<{ resealed: number; current: number; unreadable: number }> {
  const counts = { resealed: 0, current: 0, unreadable: 0 };
  for (const row of await db.select().from(signInSettings).where(isNotNull(signInSettings.oidcClientSecretSealed))) {
    const sealed = row.oidcClientSecretSealed!;
    if (isCurrent(sealed)) {
      counts.current++;
      continue;
    }
    let secret: string;
    try {
      secret = open(sealed, secretContext(row.organizationId));
    } catch {
      counts.unreadable++;
      continue;
    }
    await db
      .update(signInSettings)
      .set({ oidcClientSecretSealed: sealClientSecret(row.organizationId, secret) })
      .where(eq(signInSettings.organizationId, row.organizationId));
    counts.resealed++;
  }
  return counts;
}
