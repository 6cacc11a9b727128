export type ReceivedMail = { from: string; to: string[]; raw: string };

/** The decoded UTF-8 text body of a received message (quoted-printable undone). */
export function bodyOf(mail: ReceivedMail): string {
  const body = mail.raw
    .split(/\r?\n\r?\n/)
    .slice(1)
    .join("\n\n");
  const latin1 = body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(latin1, "latin1").toString("utf8").replace(/\r\n/g, "\n");
}

/** A header's value, with folded lines joined. */
export function headerOf(mail: ReceivedMail, name: string): string | undefined {
  const head = mail.raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, " ");
  return new RegExp(`^${name}: (.*)$`, "mi").exec(head)?.[1];
}
