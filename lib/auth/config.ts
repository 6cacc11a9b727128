import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { localSecret } from "@/lib/crypto/local-secret";
import { getDb, type Db } from "@/lib/db";
import { env } from "@/lib/env";
import { log } from "@/lib/log/logger";
import { cookies } from "next/headers";
import { verifyCredentials, type SessionClaims } from "./credentials";
import { endSession, openSession, SESSION_MAX_MS } from "./session-store";
import { cookieValue, DEVICE_COOKIE, DEVICE_MAX_AGE_S, deviceOwner, rememberDevice } from "./device";
import { clientAddress } from "./client-address";
import { consumeSignInLink } from "./email-link";
import { completeSignIn, SSO_COOKIE } from "./sso";
import { SignInRefused } from "./admission";

const claimsSchema = z.object({
  userId: z.string().uuid(),
  organizationId: z.string().uuid(),
  role: z.enum(["admin", "member"]),
  /** The server-side session (lib/auth/sessions.ts): the cookie is worth nothing once its row is gone. */
  sid: z.string().min(32),
});

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: authSecret(),
  session: { strategy: "jwt", maxAge: SESSION_MAX_MS / 1000 },
  pages: { signIn: "/login" },
  logger: {
    // Auth.js errors can carry request details: log the kind only.
    // Auth.js errors carry a stable `type` (class names are minified in production builds).
    error: (error: Error) => log.warn("auth error", { kind: (error as { type?: string }).type ?? error.name }),
    warn: (code: string) => log.warn("auth warning", { code }),
    debug: () => {},
  },
  providers: [
    // Admins: e-mail and password (also the break-glass way in when single sign-on is down).
    Credentials({
      credentials: { email: { label: "E-mail" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const db = await getDb();
        const context = {
          ip: clientAddress(request.headers),
          knownDeviceOf: await deviceOwner(db, cookieValue(request.headers.get("cookie"), DEVICE_COOKIE)),
        };
        const claims = await verifyCredentials(db, credentials, new Date(), context);
        if (!claims) throw new CredentialsSignin();
        await setDeviceCookie(db, claims.userId);
        return withSession(db, claims, request);
      },
    }),
    // Employees: an e-mailed link (lib/auth/email-link.ts)...
    Credentials({
      id: "link",
      credentials: { token: {} },
      async authorize(credentials, request) {
        const db = await getDb();
        return withSession(db, await refusing(() => consumeSignInLink(db, credentials.token)), request);
      },
    }),
    // ...or single sign-on: the identity provider's answer, checked against this browser's transaction (lib/auth/sso.ts).
    Credentials({
      id: "sso",
      credentials: { response: {} },
      async authorize(credentials, request) {
        const db = await getDb();
        const transaction = cookieValue(request.headers.get("cookie"), SSO_COOKIE);
        const claims = await refusing(() => completeSignIn(db, String(credentials.response ?? ""), transaction));
        return withSession(db, claims, request);
      },
    }),
  ],
  events: {
    // Sign-out ends the session on the server: a copy of the cookie opens nothing afterwards.
    async signOut(message) {
      const sid = "token" in message ? (message.token as { sid?: unknown } | null)?.sid : undefined;
      if (typeof sid === "string") await endSession(await getDb(), sid);
    },
  },
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        const claims = claimsSchema.parse(user);
        Object.assign(token, claims);
      }
      return token;
    },
    session({ session, token }) {
      const claims = claimsSchema.safeParse(token);
      return { ...session, claims: claims.success ? claims.data : undefined };
    },
  },
}));

export { claimsSchema };

function authSecret(): string {
  return localSecret("AUTH_SECRET", env().AUTH_SECRET);
}

/** A refusal as Auth.js passes it through: a CredentialsSignin whose code the caller reads (app/login/refused). */
class Refused extends CredentialsSignin {
  constructor(refusal: string) {
    super();
    this.code = refusal;
  }
}

async function refusing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof SignInRefused ? new Refused(error.refusal) : error;
  }
}

async function withSession(db: Db, claims: SessionClaims, request: Request) {
  const sid = await openSession(db, claims, request.headers.get("user-agent"));
  return { id: claims.userId, ...claims, sid };
}

/** Marks this browser as a known device of the user (see lib/auth/device.ts). */
async function setDeviceCookie(db: Db, userId: string) {
  try {
    (await cookies()).set(DEVICE_COOKIE, await rememberDevice(db, userId), {
      httpOnly: true,
      sameSite: "lax",
      secure: env().APP_URL.startsWith("https:"),
      maxAge: DEVICE_MAX_AGE_S,
      path: "/",
    });
  } catch (error) {
    log.warn("known-device cookie not set", { error });
  }
}
