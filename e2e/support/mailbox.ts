import { randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { bodyOf, listenSmtp, type ReceivedMail } from "../../tests/helpers/mail";

/** Where the end-to-end SMTP server keeps what it receives (one JSON file per message), read by the tests. */
export const mailboxDir = () => process.env.E2E_MAILBOX!;

/** A real SMTP server for the app under test (its SMTP_URL), writing each message to the mailbox folder. */
export async function startMailbox(port: number) {
  mkdirSync(mailboxDir(), { recursive: true });
  return listenSmtp(port, (mail) => writeFileSync(path.join(mailboxDir(), `${Date.now()}-${randomUUID()}.json`), JSON.stringify(mail)));
}

/** The text of every message received for `address`, oldest first. */
export function mailsTo(address: string): string[] {
  return readdirSync(mailboxDir())
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(mailboxDir(), f), "utf8")) as ReceivedMail)
    .filter((m) => m.to.includes(address))
    .map(bodyOf);
}
