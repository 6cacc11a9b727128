import { and, eq, inArray, isNotNull } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { organizations, signInSettings, syncRuns, userChanges, users } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { log } from "@/lib/log/logger";
import { deliverWelcome } from "./outbox";

/**
 * With welcome e-mails on (Admin → Sign-in), one message to each person a run activated: created active, or
 * reactivated (a pre-start account on its start date, a rehire). One per activation, through the outbox: the notify
 * step run twice finds the same messages. Never to anyone inactive now (a blocklisted status is never activated).
 */
export async function sendWelcomes(db: Db, runId: string): Promise<{ sent: number; kept: number }> {
  const [run] = await db
    .select({ organizationId: syncRuns.organizationId, organization: organizations.name, welcome: signInSettings.welcomeEmails })
    .from(syncRuns)
    .innerJoin(organizations, eq(organizations.id, syncRuns.organizationId))
    .leftJoin(signInSettings, eq(signInSettings.organizationId, syncRuns.organizationId))
    .where(eq(syncRuns.id, runId));
  if (!run?.welcome) return { sent: 0, kept: 0 };
  const activated = await db
    .select({ changeId: userChanges.id, email: users.email, firstName: users.firstName, preferredName: users.preferredName })
    .from(userChanges)
    .innerJoin(users, eq(users.id, userChanges.userId))
    .where(
      and(
        eq(userChanges.runId, runId),
        inArray(userChanges.action, ["create", "reactivate"]),
        eq(users.organizationId, run.organizationId),
        eq(users.active, true),
        isNotNull(users.email),
      ),
    );
  const signIn = new URL("/login", env().APP_URL).toString();
  const counts = { sent: 0, kept: 0 };
  let failure: unknown;
  for (const person of activated) {
    const name = person.preferredName || person.firstName;
    try {
      const message = await deliverWelcome(db, {
        organizationId: run.organizationId,
        runId: null,
        userChangeId: person.changeId,
        kind: "welcome",
        recipients: [person.email!],
        subject: `Welcome to ${run.organization} on Roster`,
        text: `Hello${name ? ` ${name}` : ""},\n\nyour Roster account at ${run.organization} is ready. To sign in, open ${signIn}, enter ${person.email} and choose "Continue without a password": your organization's single sign-on, or a one-time link sent to this address.\n`,
      });
      counts[message.status === "sent" ? "sent" : "kept"]++;
    } catch (error) {
      // The others still go; the step fails after them, and its retry sends only what is not sent yet.
      failure = error;
      counts.kept++;
    }
  }
  if (activated.length) log.info("welcome e-mails", { runId, ...counts });
  if (failure) throw failure;
  return counts;
}
