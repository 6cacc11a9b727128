import { randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SMTPServer } from "smtp-server";
import { bodyOf, type ReceivedMail } from "../../tests/helpers/mail-text";

/** Where the end-to-end SMTP server keeps what it receives (one JSON file per message), read by the tests. */
export const mailboxDir = () => process.env.E2E_MAILBOX!;

/** A real SMTP server for the app under test (its SMTP_URL), writing each message to the mailbox folder. */
export async function startMailbox(port: number) {
  mkdirSync(mailboxDir(), { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (c: Buffer) => (raw += c.toString("utf8")));
      stream.on("end", () => {
        const mail: ReceivedMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        };
        writeFileSync(path.join(mailboxDir(), `${Date.now()}-${randomUUID()}.json`), JSON.stringify(mail));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  return server;
}

/** The text of every message received for `address`, oldest first. */
export function mailsTo(address: string): string[] {
  return readdirSync(mailboxDir())
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(mailboxDir(), f), "utf8")) as ReceivedMail)
    .filter((m) => m.to.includes(address))
    .map(bodyOf);
}
