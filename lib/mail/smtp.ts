import nodemailer from "nodemailer";
import { env } from "@/lib/env";

/** One message over SMTP, now (the outbox is for messages that must not be lost; a sign-in link is not kept). */
export async function sendMail(smtpUrl: string, mail: { to: string[]; subject: string; text: string }): Promise<void> {
  const transport = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  await transport.sendMail({ from: env().MAIL_FROM, ...mail });
}

/** A send's failure in words that can be stored and logged: the SMTP URL can hold a password, which is masked. */
export const mailError = (error: unknown) => (error as Error).message.replace(/\/\/[^@/\s]*@/g, "//***@");
