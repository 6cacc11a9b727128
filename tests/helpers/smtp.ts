import { afterAll, afterEach, beforeAll } from "vitest";
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

/**
 * A test file's SMTP server, started before its tests; e-mailed links point at https://roster.example.test, and
 * SMTP_URL is unset after each test (a test that sends mail sets it to `url`).
 */
export function smtpForFile() {
  let server: Awaited<ReturnType<typeof startSmtp>> | undefined;
  beforeAll(async () => {
    server = await startSmtp();
    process.env.APP_URL = "https://roster.example.test";
  });
  afterEach(() => {
    delete process.env.SMTP_URL;
  });
  return {
    get url() {
      return server!.url;
    },
    get received() {
      return server!.received;
    },
  };
}

export { bodyOf, headerOf } from "./mail";
