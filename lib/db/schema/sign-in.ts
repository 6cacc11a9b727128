import { boolean, pgTable, text, timestamp, uuid, varchar } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";
import { users } from "./users";

/**
 * How an organization's employees sign in: single sign-on with OpenID Connect, e-mailed links, or both. Admins keep
 * their passwords whatever is chosen (the break-glass way in when the identity provider is down).
 */
export const signInSettings = pgTable("sign_in_settings", {
  organizationId: uuid("organization_id")
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  /** The identity provider's issuer (its discovery document is at `<issuer>/.well-known/openid-configuration`). */
  oidcIssuer: varchar("oidc_issuer", { length: 500 }),
  oidcClientId: varchar("oidc_client_id", { length: 300 }),
  /** Sealed like the BambooHR key (lib/crypto/secret-box.ts, bound to the organization); never shown again. */
  oidcClientSecretSealed: text("oidc_client_secret_sealed"),
  /** E-mail domains whose people are sent to this organization's SSO from the sign-in page, comma-separated. */
  ssoDomains: varchar("sso_domains", { length: 1000 }).notNull().default(""),
  /** SSO only: no e-mailed links (admins' passwords stay as the break-glass way in). */
  ssoOnly: boolean("sso_only").notNull().default(false),
  /** A welcome message to each person a sync activates (off until an admin turns it on). */
  welcomeEmails: boolean("welcome_emails").notNull().default(false),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export type SignInSettings = typeof signInSettings.$inferSelect;

/** An e-mailed sign-in link: only the token's SHA-256 is kept; it opens one session, once, within its lifetime. */
export const signInLinks = pgTable("sign_in_links", {
  tokenHash: varchar("token_hash", { length: 64 }).primaryKey(),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  organizationId: uuid("organization_id")
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" }),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
});
