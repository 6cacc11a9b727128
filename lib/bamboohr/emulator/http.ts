import type { IncomingMessage, ServerResponse } from "node:http";

/** An answer as the emulator sends it: a JSON body, or text with its own content type. */
export type Answer = { status: number; body?: string; headers?: Record<string, string> };

export function send(res: ServerResponse, { status, body = "", headers = {} }: Answer) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(body);
}

export function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) reject(new Error("body too large"));
      else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export type ApiPath = { company: string; path: string };

/**
 * Both address forms: /api/gateway.php/{company}/v1/... and /{company}/v1/...; `path` is relative to v1, and
 * starts with its version for the others (`v2/datasets/employee/data`, `v1_2/datasets/employee/fields`).
 */
export function parseApiPath(pathname: string): ApiPath | null {
  const m = /^(?:\/api\/gateway\.php)?\/([^/]+)\/(v1|v1_2|v2)\/(.*)$/.exec(pathname);
  return m ? { company: decodeURIComponent(m[1]), path: m[2] === "v1" ? m[3] : `${m[2]}/${m[3]}` } : null;
}

/** The page a dataset request asks for (1 when it does not say). */
export function pageOf(body: string | null): number {
  try {
    return Number((JSON.parse(body ?? "{}") as { page?: unknown }).page ?? 1);
  } catch {
    return 1;
  }
}
