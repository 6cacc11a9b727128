import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { localSecret } from "@/lib/crypto/local-secret";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { log } from "@/lib/log/logger";
import { cookies } from "next/headers";
import { verifyCredentials } from "./credentials";
import { endSession, openSession, SESSION_MAX_MS } from "./session-store";
import { clientIp, cookieValue, DEVICE_COOKIE, DEVICE_MAX_AGE_S, deviceOwner, deviceToken } from "./device";

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
    Credentials({
      credentials: { email: { label: "E-mail" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const context = {
          ip: clientIp(request.headers.get("x-forwarded-for")),
          knownDeviceOf: deviceOwner(authSecret(), cookieValue(request.headers.get("cookie"), DEVICE_COOKIE)),
        };
        const db = await getDb();
        const claims = await verifyCredentials(db, credentials, new Date(), context);
        if (!claims) throw new CredentialsSignin();
        await rememberDevice(claims.userId);
        const sid = await openSession(db, claims, request.headers.get("user-agent"));
        return { id: claims.userId, ...claims, sid };
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

/** Marks this browser as a known device of the user (see lib/auth/device.ts). */
async function rememberDevice(userId: string) {
  try {
    (await cookies()).set(DEVICE_COOKIE, deviceToken(authSecret(), userId), {
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
