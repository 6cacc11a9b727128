import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { organizations, signInLinks, signInSettings, users } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { log } from "@/lib/log/logger";
import { mailError, sendMail } from "@/lib/mail/smtp";
import { admit, SignInRefused } from "./admission";
import { claimAttempt } from "./throttle";

export const LINK_LIFETIME_MS = 10 * 60_000;
/** Links one address may be sent in a window, and requests one client may make in it (whatever the addresses). */
export const LINKS_PER_ADDRESS = 5;
export const LINK_REQUESTS_PER_CLIENT = 30;
const WINDOW_MS = 15 * 60_000;

export const linkRequestSchema = z.object({ email: z.string().trim().toLowerCase().email().max(254) });

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

type LinkMail = { to: string; subject: string; text: string };

/**
 * A sign-in link to every account with this address (an organization that signs in only through SSO gets a link to
 * its SSO instead). The caller answers the same whatever happens here: whether the address has an account, is
 * throttled, or the mail fails is never told. Returns the messages sent (for the tests).
 */
export async function requestSignInLink(db: Db, email: string, client: string, now = new Date()): Promise<LinkMail[]> {
  if (!(await claimAttempt(db, `link-client:${client}`, LINK_REQUESTS_PER_CLIENT, WINDOW_MS, now))) return [];
  if (!(await claimAttempt(db, `link-email:${email}`, LINKS_PER_ADDRESS, WINDOW_MS, now))) return [];
  const accounts = await db
    .select({ id: users.id, organizationId: users.organizationId, organization: organizations.name, ssoOnly: signInSettings.ssoOnly })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .leftJoin(signInSettings, eq(signInSettings.organizationId, users.organizationId))
    .where(sql`lower(${users.email}) = ${email}`);
  const mails: LinkMail[] = [];
  for (const account of accounts) {
    let url: string;
    if (account.ssoOnly) {
      url = new URL(`/api/sso/start?organization=${account.organizationId}`, env().APP_URL).toString();
    } else {
      const token = randomBytes(32).toString("base64url");
      await db.insert(signInLinks).values({
        tokenHash: hashOf(token),
        userId: account.id,
        organizationId: account.organizationId,
        expiresAt: new Date(now.getTime() + LINK_LIFETIME_MS),
      });
      url = new URL(`/login/link?token=${token}`, env().APP_URL).toString();
    }
    mails.push({
      to: email,
      subject: `Sign in to ${account.organization} on Roster`,
      text: account.ssoOnly
        ? `${account.organization} signs in with single sign-on. Open this link to continue:\n\n${url}\n`
        : `Open this link to sign in to ${account.organization} on Roster:\n\n${url}\n\nIt works once, within 10 minutes. If you did not ask for it, ignore this message.\n`,
    });
  }
  await send(mails);
  return mails;
}

async function send(mails: LinkMail[]) {
  const smtpUrl = env().SMTP_URL;
  for (const mail of mails) {
    if (!smtpUrl) {
      log.warn("SMTP_URL not set: a sign-in link was not sent");
      continue;
    }
    try {
      await sendMail(smtpUrl, { to: [mail.to], subject: mail.subject, text: mail.text });
    } catch (error) {
      log.error("sign-in link not sent", { error: mailError(error) });
    }
  }
}

/** The account a link opens, used up at once (two clicks at once: one wins); throws a refusal otherwise. */
export async function consumeSignInLink(db: Db, token: unknown, now = new Date()) {
  if (typeof token !== "string" || !/^[A-Za-z0-9_-]{43}$/.test(token)) throw new SignInRefused("link");
  const [link] = await db
    .update(signInLinks)
    .set({ usedAt: now })
    .where(and(eq(signInLinks.tokenHash, hashOf(token)), isNull(signInLinks.usedAt), gt(signInLinks.expiresAt, now)))
    .returning({ userId: signInLinks.userId, organizationId: signInLinks.organizationId });
  if (!link) throw new SignInRefused("link");
  // Sent before the organization switched to SSO only: no longer a way in.
  const [settings] = await db
    .select({ ssoOnly: signInSettings.ssoOnly })
    .from(signInSettings)
    .where(eq(signInSettings.organizationId, link.organizationId));
  if (settings?.ssoOnly) throw new SignInRefused("sso_only");
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, link.userId), eq(users.organizationId, link.organizationId)));
  const refusal = admit(user);
  if (refusal) throw new SignInRefused(refusal);
  return { userId: user.id, organizationId: user.organizationId, role: user.role };
}
