import { Writable } from "node:stream";
import { afterEach, describe, expect } from "vitest";
import { createLogger, log, setLogger } from "@/lib/log/logger";
import { withRequestLog } from "@/lib/log/request";
import { it } from "../helpers/connected-org";

afterEach(() => setLogger(undefined));

/** The process's log, as JSON lines, from here on. */
function captureLog() {
  const lines: Array<Record<string, unknown> & { msg: string }> = [];
  const raw: string[] = [];
  const sink = new Writable({
    write: (chunk, _enc, done) => {
      raw.push(String(chunk));
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  setLogger(createLogger(sink, "debug"));
  return { lines, raw };
}

describe("[OPS] logs", () => {
  it("a sync started by a request: every line carries the request id, the run's lines the run id, no line a secret", async ({
    connectedOrg,
  }) => {
    const s = await connectedOrg({ size: 5 });
    const { lines, raw } = captureLog();
    const outcome = await withRequestLog(new Headers({ "x-request-id": "req-logs-1" }), async () => {
      // Deliberately: what a careless line might log.
      log.warn("logging secrets on purpose", {
        apiKey: s.key,
        integration: { apiKey: s.key, id: s.integration.id },
        headers: { authorization: `Basic ${Buffer.from(`${s.key}:x`).toString("base64")}`, cookie: "authjs.session-token=abc" },
        mail: { subject: "Sign in", text: `your link ${s.key}` },
      });
      return s.sync();
    });
    expect(outcome.status).toBe("succeeded");
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.every((l) => l.requestId === "req-logs-1")).toBe(true);
    // Every line of the sync itself (all but the deliberate first) carries its run id.
    expect(lines.slice(1).map((l) => [l.msg, l.runId])).toEqual(lines.slice(1).map((l) => [l.msg, outcome.runId]));
    expect(lines.find((l) => l.msg === "sync run finished")).toMatchObject({ level: "info" });
    expect(raw.join("")).not.toContain(s.key);
    expect(raw.join("")).not.toContain("abc");
    expect(lines[0]).toMatchObject({ apiKey: "[redacted]", integration: { apiKey: "[redacted]" }, mail: { text: "[redacted]" } });
  });
});
