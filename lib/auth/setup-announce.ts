import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { organizationCount } from "./organizations";
import { setupToken, setupTokenRequired } from "./setup-token";

/** At boot, before anyone set Roster up: the line with the one-time setup token, for whoever runs the server. */
export async function announceSetupToken() {
  if (!setupTokenRequired() || (await organizationCount(await getDb())) > 0) return;
  const token = env().SETUP_TOKEN ? "the value of SETUP_TOKEN" : setupToken();
  console.log(`Roster is not set up yet. Open ${env().APP_URL.replace(/\/$/, "")}/setup and enter the setup token: ${token}`);
}
