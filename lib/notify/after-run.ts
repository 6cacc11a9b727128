import type { Db } from "@/lib/db";
import { notifyRunOutcome } from "./sync-email";
import { sendWelcomes } from "./welcome";

/** The notify step of every run: the admins' outcome e-mail, then the welcomes of the people it activated. */
export async function notifyAfterRun(db: Db, runId: string) {
  const outcome = await notifyRunOutcome(db, runId);
  const welcomes = await sendWelcomes(db, runId);
  return { ...outcome, welcomes };
}
