import { afterAll } from "vitest";
import { listenSmtp, type ReceivedMail } from "./mail";

export type { ReceivedMail };

/** A real SMTP server on loopback that keeps what it receives, closed after the file's tests. */
export async function startSmtp() {
  const received: ReceivedMail[] = [];
  const server = await listenSmtp(0, (mail) => received.push(mail));
  const port = (server.server.address() as { port: number }).port;
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `smtp://127.0.0.1:${port}`, received };
}

export { bodyOf, headerOf } from "./mail";
