import type { ServerResponse } from "node:http";
import { send, type Answer } from "./http";
import type { EmulatedCompany, Fault, FaultTarget } from "./types";

/** Faults queued per company, each for a number of requests, optionally for one path or one dataset page. */
export function faultQueue() {
  const faults = new Map<string, Array<{ fault: Fault; remaining: number; target: FaultTarget }>>();
  return {
    inject(domain: string, fault: Fault, times = 1, target: FaultTarget = {}) {
      faults.set(domain, [...(faults.get(domain) ?? []), { fault, remaining: times, target }]);
    },
    clear(domain: string) {
      faults.delete(domain);
    },
    /** The first queued fault that applies to this request (faults without a target apply to any). */
    take(domain: string, path: string, page: number | null): Fault | null {
      const queue = faults.get(domain);
      const index =
        queue?.findIndex(
          ({ target }) => (!target.path || path.includes(target.path)) && (target.page === undefined || target.page === page),
        ) ?? -1;
      if (index < 0) return null;
      const entry = queue![index];
      if (--entry.remaining <= 0) queue!.splice(index, 1);
      return entry.fault;
    },
  };
}

/** A fault that answers before the request is served (after a wait, for a slow one); null: serve it. */
export async function faultBefore(fault: Fault | null, company: EmulatedCompany): Promise<Answer | null> {
  if (fault?.type === "slow") await new Promise((r) => setTimeout(r, fault.ms));
  if (fault?.type === "rate_limit")
    return { status: fault.status, headers: fault.retryAfter !== undefined ? { "retry-after": fault.retryAfter } : {} };
  if (fault?.type === "server_error") return { status: fault.status ?? 500 };
  if (fault?.type === "revoke_key") {
    const key = company.keys.find((k) => k.key === fault.key);
    if (key) key.revoked = true;
  }
  return null;
}

const stalled = new Set<ServerResponse>();

async function trickle(res: ServerResponse, body: string, chunks: number, everyMs: number) {
  res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
  const size = Math.ceil(body.length / chunks);
  for (let i = 0; i < body.length && !res.destroyed; i += size) {
    res.write(body.slice(i, i + size));
    await new Promise((r) => setTimeout(r, everyMs));
  }
  res.end();
}

/** Sends a served JSON body, spoilt by the fault when there is one: malformed, cut, HTML, trickling or stalled. */
export async function sendJson(res: ServerResponse, json: string, fault: Fault | null) {
  if (fault?.type === "malformed") send(res, { status: 200, body: `{"title": "Report", "employees": [{"id": "1",,}]` });
  else if (fault?.type === "truncated") send(res, { status: 200, body: json.slice(0, Math.max(1, Math.floor(json.length / 2))) });
  else if (fault?.type === "html")
    send(res, {
      status: 200,
      body: "<!DOCTYPE html><html><body><h1>Service temporarily unavailable</h1></body></html>",
      headers: { "content-type": "text/html" },
    });
  else if (fault?.type === "trickle") await trickle(res, json, fault.chunks, fault.everyMs);
  else if (fault?.type === "stall") {
    res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
    res.write(json.slice(0, Math.floor(json.length / 3)));
    stalled.add(res);
  } else send(res, { status: 200, body: json });
}
