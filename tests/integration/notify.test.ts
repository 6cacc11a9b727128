import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { integrations, mailOutbox } from "@/lib/db/schema";
import { notifyRunOutcome } from "@/lib/notify/sync-email";
import { syncOrganization } from "@/lib/sync/pipeline";
import { fastRetry } from "../helpers/emulator";
import { connect } from "../helpers/factories";
import { bodyOf, headerOf, smtpForFile } from "../helpers/smtp";
import { connectedOrg, type ConnectOptions } from "../helpers/connected-org";

const smtp = smtpForFile();

async function setup(options: ConnectOptions = {}) {
  const domainRecipients = (domain: string) => [`hr-${domain}@example.test`, `it-${domain}@example.test`];
  let recipients: string[] = [];
  const s = await connectedOrg({
    ...options,
    mutate: (c) => {
      recipients = domainRecipients(c.domain);
      options.mutate?.(c);
    },
  });
  await connect(s.db, s.org.id, { subdomain: s.domain, apiKey: s.key, notificationEmails: recipients });
  const hooks = { notify: (runId: string) => notifyRunOutcome(s.db, runId) };
  const sync = () => s.sync("schedule", hooks);
  const state = async () => (await s.db.select().from(integrations).where(eq(integrations.id, s.integration.id)))[0];
  const mailsTo = () => smtp.received.filter((m) => m.to.includes(recipients[0]));
  const outbox = () => s.db.select().from(mailOutbox).where(eq(mailOutbox.organizationId, s.org.id));
  return { ...s, recipients, hooks, sync, state, mailsTo, outbox };
}

describe("[NOTIFY] error state and failure e-mails", () => {
  it("enters the error state on the third consecutive connection failure, e-mails once, and recovers", async () => {
    process.env.SMTP_URL = smtp.url;
    const s = await setup({ size: 5 });
    s.emu.setKey(s.domain, { key: s.key, revoked: true });
    expect((await s.sync()).status).toBe("failed");
    expect(await s.state()).toMatchObject({ consecutiveFailures: 1, state: "connected" });
    s.emu.setKey(s.domain, { key: s.key });
    s.emu.injectFault(s.domain, { type: "server_error", status: 500 }, 4); // all attempts of one run
    const second = await s.sync();
    expect(second.error).toMatch(/server error \(HTTP 500\)/);
    expect(await s.state()).toMatchObject({ consecutiveFailures: 2, state: "connected" });
    s.emu.setKey(s.domain, { key: s.key, revoked: true });
    const third = await s.sync();
    expect(third.enteredErrorState).toBe(true);
    const errored = await s.state();
    expect(errored).toMatchObject({ consecutiveFailures: 3, state: "error" });
    expect(errored.lastError).toMatch(/rejected the API key/);
    expect(errored.lastErrorAt).toBeInstanceOf(Date);
    const subjects = s.mailsTo().map((m) => headerOf(m, "Subject"));
    expect(subjects).toEqual([
      "BambooHR sync failed",
      "BambooHR sync failed",
      "BambooHR integration is in an error state (3 failed connections in a row)",
    ]);
    expect(bodyOf(s.mailsTo()[2])).toMatch(/scheduled syncs keep trying/);
    s.emu.setKey(s.domain, { key: s.key });
    expect((await s.sync()).status).toBe("succeeded");
    expect(await s.state()).toMatchObject({ consecutiveFailures: 0, state: "connected" });
  });

  it("e-mails the record errors of a run: recipients, subject, each error, and the run's link", async () => {
    process.env.SMTP_URL = smtp.url;
    const s = await setup({ size: 12, badData: true });
    const outcome = await s.sync();
    expect(outcome.status).toBe("succeeded_with_errors");
    const [mail] = s.mailsTo();
    expect(mail.to.sort()).toEqual([...s.recipients].sort());
    expect(headerOf(mail, "Subject")).toBe("BambooHR sync finished with 4 record error(s)");
    const body = bodyOf(mail);
    const bad = s.company.employees[3];
    expect(body).toContain(`${bad.preferredName ?? bad.firstName} ${bad.lastName}`);
    expect(body).toContain(`employee ID ${bad.employeeNumber}`);
    expect(body).toMatch(/Invalid Work Email/);
    expect(body).toMatch(/shared with/);
    expect(body).toContain(`https://roster.example.test/admin/integrations/runs/${outcome.runId}`);
    expect((await s.outbox())[0]).toMatchObject({ status: "sent", kind: "run_succeeded_with_errors" });
  });

  it("lists at most the first 50 record errors", async () => {
    process.env.SMTP_URL = smtp.url;
    const s = await setup({ size: 70, mutate: (c) => c.employees.slice(0, 60).forEach((e) => (e.workEmail = "broken")) });
    await s.sync();
    const body = bodyOf(s.mailsTo()[0]);
    expect(body).toMatch(/Records that need attention \(first 50\):/);
    expect(body.split("\n").filter((l) => l.startsWith("- "))).toHaveLength(50);
  });

  it("keeps the message in the outbox when SMTP is not configured", async () => {
    const s = await setup({ size: 12, badData: true });
    await s.sync();
    const [message] = await s.outbox();
    expect(message).toMatchObject({ status: "queued", recipients: s.recipients });
    expect(message.text).toMatch(/Invalid Work Email/);
    expect(s.mailsTo()).toHaveLength(0);
  });

  it("keeps a message SMTP refused, and the retried step sends that same message", async () => {
    const s = await setup({ size: 12, badData: true });
    process.env.SMTP_URL = "smtp://127.0.0.1:9";
    const outcome = await syncOrganization(
      s.db,
      { organizationId: s.org.id, trigger: "manual" },
      { overrides: { baseUrl: s.emu.url, retry: fastRetry } },
    );
    await expect(notifyRunOutcome(s.db, outcome.runId!)).rejects.toThrow(/Sending the notification failed/);
    expect((await s.outbox())[0]).toMatchObject({ status: "failed", error: expect.stringMatching(/ECONNREFUSED/) });
    process.env.SMTP_URL = smtp.url;
    await notifyRunOutcome(s.db, outcome.runId!);
    const rows = await s.outbox();
    expect(rows).toHaveLength(1);
    expect(rows[0].status).toBe("sent");
    expect(s.mailsTo()).toHaveLength(1);
  });

  it("sends nothing for a clean run", async () => {
    process.env.SMTP_URL = smtp.url;
    const s = await setup({ size: 5, mutate: (c) => c.employees.forEach((e) => (e.supervisorEId = e.supervisorId = null)) });
    expect((await s.sync()).status).toBe("succeeded");
    expect(s.mailsTo()).toHaveLength(0);
    expect(await s.outbox()).toHaveLength(0);
  });
});
