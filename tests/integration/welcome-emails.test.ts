import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { saveSignInSettings } from "@/lib/auth/sign-in-settings";
import { mailOutbox } from "@/lib/db/schema";
import { updateSettings } from "@/lib/integrations/connection";
import { notifyAfterRun } from "@/lib/notify/after-run";
import { runWelcomes } from "@/lib/integrations/run-review";
import { syncOrganization } from "@/lib/sync/pipeline";
import { connectedOrg } from "../helpers/connected-org";
import { employee } from "../helpers/emulator";
import { bodyOf, smtpForFile } from "../helpers/smtp";

const smtp = smtpForFile();

/** A company with an active employee, a blocklisted contractor and a hire who starts on 2026-12-04. */
async function setup(welcomeEmails: boolean) {
  const tag = randomUUID().slice(0, 8);
  const address = (id: string) => `w${id}-${tag}@example.test`;
  const s = await connectedOrg({
    mutate: (c) =>
      (c.employees = [
        employee({ id: "1", workEmail: address("1"), firstName: "Wendy" }),
        employee({ id: "2", workEmail: address("2"), employmentStatus: { name: "Contractor", effectiveDate: "2020-01-01" } }),
        employee({ id: "3", workEmail: address("3"), status: "Inactive", hireDate: "2026-12-04" }),
      ]),
  });
  await updateSettings(s.db, s.org.id, {
    apiKey: undefined,
    activationBlocklist: ["Contractor"],
    notificationEmails: [],
    safeguardPercent: 50,
    prestartDays: 7,
  });
  await saveSignInSettings(s.db, s.org.id, {
    oidcIssuer: "",
    oidcClientId: "",
    oidcClientSecret: "",
    ssoDomains: [],
    ssoOnly: false,
    welcomeEmails,
  });
  const hooks = { notify: (runId: string) => notifyAfterRun(s.db, runId) };
  const sync = (today: string) => syncOrganization(s.db, { organizationId: s.org.id, trigger: "schedule" }, { ...s.opts, today }, hooks);
  const welcomesTo = (id: string) => smtp.received.filter((m) => m.to.includes(address(id)));
  return { ...s, sync, welcomesTo, address };
}

describe("[NOTIFY] welcome e-mails", () => {
  it("one per activation, through the outbox: the active hire now, the pre-start hire on the start date, never the blocklisted", async () => {
    process.env.SMTP_URL = smtp.url;
    const s = await setup(true);
    const first = await s.sync("2026-12-01");
    expect(first.status).toBe("succeeded");
    expect(s.welcomesTo("1")).toHaveLength(1);
    expect(bodyOf(s.welcomesTo("1")[0])).toContain(`open https://roster.example.test/login, enter ${s.address("1")}`);
    expect(s.welcomesTo("2")).toHaveLength(0);
    expect(s.welcomesTo("3")).toHaveLength(0);
    // The notify step again (an Inngest retry): nothing new.
    await notifyAfterRun(s.db, first.runId!);
    expect(s.welcomesTo("1")).toHaveLength(1);
    // An unchanged night sends nothing; the start date activates the hire, who is welcomed then.
    await s.sync("2026-12-02");
    s.emu.updateEmployee(s.domain, "3", { status: "Active" });
    await s.sync("2026-12-04");
    expect(s.welcomesTo("3")).toHaveLength(1);
    expect(s.welcomesTo("1")).toHaveLength(1);
    const stored = await s.db.select().from(mailOutbox).where(eq(mailOutbox.organizationId, s.org.id));
    expect(stored.filter((m) => m.kind === "welcome").map((m) => m.status)).toEqual(["sent", "sent"]);
    // The run review lists them with the run that activated each person.
    expect(await runWelcomes(s.db, s.org.id, first.runId!)).toEqual({ sent: 1, queued: 0, failed: 0, to: [s.address("1")] });
  });

  it("off by default; without SMTP the welcome waits in the outbox", async () => {
    const off = await setup(false);
    await off.sync("2026-12-01");
    expect(off.welcomesTo("1")).toHaveLength(0);
    expect(await off.db.select().from(mailOutbox).where(eq(mailOutbox.organizationId, off.org.id))).toEqual([]);
    const on = await setup(true);
    await on.sync("2026-12-01");
    const [kept] = await on.db.select().from(mailOutbox).where(eq(mailOutbox.organizationId, on.org.id));
    expect(kept).toMatchObject({ kind: "welcome", status: "queued", recipients: [on.address("1")] });
  });
});
