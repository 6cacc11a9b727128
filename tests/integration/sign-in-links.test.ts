import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { consumeSignInLink, LINK_LIFETIME_MS, LINK_REQUESTS_PER_CLIENT, LINKS_PER_ADDRESS, requestSignInLink } from "@/lib/auth/email-link";
import { saveSignInSettings } from "@/lib/auth/sign-in-settings";
import { signInLinks } from "@/lib/db/schema";
import { createOrg, createUser } from "../helpers/factories";
import { refusal } from "../helpers/refusal";
import { bodyOf, smtpForFile } from "../helpers/smtp";

const smtp = smtpForFile();

const client = () => `198.51.100.${Math.floor(Math.random() * 250)}-${randomUUID().slice(0, 6)}`;
const tokenIn = (text: string) => /\/login\/link\?token=([A-Za-z0-9_-]+)/.exec(text)?.[1];

describe("[LINK] sign-in links by e-mail", () => {
  it("a link arrives by real SMTP, opens the account once, and never again", async () => {
    process.env.SMTP_URL = smtp.url;
    const { db, org } = await createOrg();
    const email = `link-${randomUUID().slice(0, 8)}@example.test`;
    const user = await createUser(db, org.id, { email });
    await requestSignInLink(db, email.toUpperCase().toLowerCase(), client());
    const mail = smtp.received.find((m) => m.to.includes(email));
    expect(mail).toBeDefined();
    const token = tokenIn(bodyOf(mail!));
    expect(bodyOf(mail!)).toContain("https://roster.example.test/login/link?token=");
    expect(await consumeSignInLink(db, token)).toEqual({ userId: user.id, organizationId: org.id, role: "member" });
    expect(await refusal(consumeSignInLink(db, token))).toBe("link");
    // Only the token's hash is stored.
    const [row] = await db.select().from(signInLinks).where(eq(signInLinks.userId, user.id));
    expect(row.tokenHash).not.toBe(token);
    expect(row.usedAt).not.toBeNull();
  });

  it("expires after 10 minutes; two clicks at once open one session", async () => {
    const { db, org } = await createOrg();
    const email = `link-${randomUUID().slice(0, 8)}@example.test`;
    await createUser(db, org.id, { email });
    const now = new Date();
    const [late] = await requestSignInLink(db, email, client(), now);
    expect(await refusal(consumeSignInLink(db, tokenIn(late.text), new Date(now.getTime() + LINK_LIFETIME_MS + 1)))).toBe("link");
    const [raced] = await requestSignInLink(db, email, client());
    const outcomes = await Promise.all([1, 2, 3].map(() => refusal(consumeSignInLink(db, tokenIn(raced.text)))));
    expect(outcomes.sort()).toEqual(["link", "link", "signed in"]);
    expect(await refusal(consumeSignInLink(db, "not-a-token"))).toBe("link");
  });

  it("an unknown address gets nothing; the answer to the person is the same (the caller never sees this result)", async () => {
    const { db } = await createOrg();
    expect(await requestSignInLink(db, `nobody-${randomUUID().slice(0, 8)}@example.test`, client())).toEqual([]);
  });

  it("is throttled per address and per client", async () => {
    const { db, org } = await createOrg();
    const email = `link-${randomUUID().slice(0, 8)}@example.test`;
    await createUser(db, org.id, { email });
    const sent = [];
    for (let i = 0; i < LINKS_PER_ADDRESS + 2; i++) sent.push((await requestSignInLink(db, email, client())).length);
    expect(sent).toEqual([...Array(LINKS_PER_ADDRESS).fill(1), 0, 0]);
    // One client asking for many addresses.
    const from = client();
    const other = `link-${randomUUID().slice(0, 8)}@example.test`;
    await createUser(db, org.id, { email: other });
    for (let i = 0; i < LINK_REQUESTS_PER_CLIENT; i++) await requestSignInLink(db, `x${i}-${randomUUID().slice(0, 4)}@example.test`, from);
    expect(await requestSignInLink(db, other, from)).toEqual([]);
    expect(await requestSignInLink(db, other, client())).toHaveLength(1);
  });

  it("only an active account gets in; an SSO-only organization's link leads to its SSO", async () => {
    const { db, org } = await createOrg();
    const leaver = `leaver-${randomUUID().slice(0, 8)}@example.test`;
    const starter = `starter-${randomUUID().slice(0, 8)}@example.test`;
    await createUser(db, org.id, { email: leaver, active: false, inactiveReasonCode: "blocklisted" });
    await createUser(db, org.id, { email: starter, active: false, inactiveReasonCode: "prestart" });
    const [toLeaver] = await requestSignInLink(db, leaver, client());
    expect(await refusal(consumeSignInLink(db, tokenIn(toLeaver.text)))).toBe("inactive");
    const [toStarter] = await requestSignInLink(db, starter, client());
    expect(await refusal(consumeSignInLink(db, tokenIn(toStarter.text)))).toBe("not_started");

    const sso = await createOrg();
    const email = `sso-${randomUUID().slice(0, 8)}@example.test`;
    await createUser(sso.db, sso.org.id, { email });
    await saveSignInSettings(sso.db, sso.org.id, {
      oidcIssuer: "https://idp.example.test",
      oidcClientId: "roster",
      oidcClientSecret: "s3cret-s3cret",
      ssoDomains: [],
      ssoOnly: false,
      welcomeEmails: false,
    });
    const [before] = await requestSignInLink(sso.db, email, client());
    await saveSignInSettings(sso.db, sso.org.id, {
      oidcIssuer: "https://idp.example.test",
      oidcClientId: "roster",
      oidcClientSecret: "",
      ssoDomains: [],
      ssoOnly: true,
      welcomeEmails: false,
    });
    // A link sent before the switch to SSO only opens nothing after it.
    expect(await refusal(consumeSignInLink(sso.db, tokenIn(before.text)))).toBe("sso_only");
    const [mail] = await requestSignInLink(sso.db, email, client());
    expect(mail.text).toContain(`https://roster.example.test/api/sso/start?organization=${sso.org.id}`);
    expect(tokenIn(mail.text)).toBeUndefined();
  });
});
