import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fieldCatalogue, renderEmployee, renderReport, toXml } from "./report";
import type { EmulatedCompany, EmulatedEmployee, EmulatedKey, Fault, RecordedRequest } from "./types";

export type EmulatorOptions = {
  companies: EmulatedCompany[];
  port?: number;
  host?: string;
  /** Serve the /__emulator control API (tests in another process, the demo). Never on a public interface. */
  control?: boolean;
  /** "Today" for future-dated statuses, YYYY-MM-DD. */
  today?: () => string;
};

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

type Route = { company: string; path: string };

/** Both address forms: /api/gateway.php/{company}/v1/... and /{company}/v1/... */
export function parseRoute(pathname: string): Route | null {
  const m = /^(?:\/api\/gateway\.php)?\/([^/]+)\/v1\/(.*)$/.exec(pathname);
  return m ? { company: decodeURIComponent(m[1]), path: m[2] } : null;
}

function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
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

export async function startEmulator(options: EmulatorOptions) {
  const companies = new Map(options.companies.map((c) => [c.domain, c]));
  const faults = new Map<string, Array<{ fault: Fault; remaining: number }>>();
  const changedAt = new Map<string, string>();
  const requests: RecordedRequest[] = [];
  const today = options.today ?? (() => new Date().toISOString().slice(0, 10));

  function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
    res.end(body);
  }

  function authenticate(req: IncomingMessage, company: EmulatedCompany): EmulatedKey | null {
    const header = req.headers.authorization ?? "";
    if (!header.startsWith("Basic ")) return null;
    const user = Buffer.from(header.slice(6), "base64").toString("utf8").split(":")[0];
    const key = company.keys.find((k) => k.key === user);
    return key && !key.revoked ? key : null;
  }

  function takeFault(company: string): Fault | null {
    const queue = faults.get(company);
    if (!queue?.length) return null;
    const head = queue[0];
    if (--head.remaining <= 0) queue.shift();
    return head.fault;
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, route: Route): Promise<number> {
    const company = companies.get(route.company);
    if (!company) {
      send(res, 404, "", { "content-type": "text/html" });
      return 404;
    }
    const fault = takeFault(company.domain);
    if (fault?.type === "slow") await new Promise((r) => setTimeout(r, fault.ms));
    if (fault?.type === "rate_limit") {
      send(res, fault.status, "", fault.retryAfter !== undefined ? { "retry-after": fault.retryAfter } : {});
      return fault.status;
    }
    if (fault?.type === "server_error") {
      send(res, fault.status ?? 500, "");
      return fault.status ?? 500;
    }
    if (fault?.type === "revoke_key") {
      const k = company.keys.find((x) => x.key === fault.key);
      if (k) k.revoked = true;
    }
    const key = authenticate(req, company);
    if (!key) {
      send(res, 401, "<html><body>Unauthorized</body></html>", {
        "content-type": "text/html",
        "x-bamboohr-error-message": "API key not provided or invalid",
      });
      return 401;
    }
    if (key.forbidden) {
      send(res, 403, "", { "x-bamboohr-error-message": "Permission denied" });
      return 403;
    }
    let payload: unknown;
    if (req.method === "POST" && route.path === "reports/custom") {
      if (req.headers["content-type"] !== "application/json") {
        send(res, 400, "", { "x-bamboohr-error-message": "Content-Type must be application/json" });
        return 400;
      }
      let body: { fields?: unknown };
      try {
        body = JSON.parse(await readBody(req));
      } catch {
        send(res, 400, "", { "x-bamboohr-error-message": "Malformed JSON body" });
        return 400;
      }
      const requested = Array.isArray(body.fields) ? body.fields.map(String).slice(0, 400) : [];
      payload = renderReport(company, key, requested, url.searchParams.get("onlyCurrent") !== "false", today());
    } else if (req.method === "GET" && route.path === "meta/lists") {
      payload = [
        {
          fieldId: 16,
          alias: "department",
          manageable: "yes",
          multiple: "no",
          name: "Department",
          options: [...new Set(company.employees.map((e) => e.department).filter(Boolean))].map((name, i) => ({
            id: i + 1,
            archived: "no",
            name,
          })),
        },
        {
          fieldId: 1360,
          alias: "employmentHistoryStatus",
          manageable: "yes",
          multiple: "no",
          name: "Employment Status",
          options: company.employmentStatuses.map((s) => ({ id: Number(s.id), archived: s.archived ? "yes" : "no", name: s.name })),
        },
      ];
    } else if (req.method === "GET" && route.path === "meta/fields") {
      payload = fieldCatalogue();
    } else if (req.method === "GET" && route.path === "employees/changed") {
      const since = url.searchParams.get("since") ?? "";
      const employees: Record<string, { id: string; action: string; lastChanged: string }> = {};
      for (const [id, at] of changedAt) if (at > since) employees[id] = { id, action: "Updated", lastChanged: at };
      payload = { latest: new Date().toISOString(), employees };
    } else if (req.method === "GET" && /^employees\/\d+$/.test(route.path)) {
      const id = route.path.split("/")[1];
      const employee = company.employees.find((e) => e.id === (id === "0" ? key.ownerId : id));
      if (!employee) {
        send(res, 404, "");
        return 404;
      }
      const fields = (url.searchParams.get("fields") ?? "firstName,lastName").split(",");
      payload = renderEmployee(employee, key, fields, today());
    } else {
      send(res, 404, "");
      return 404;
    }
    if (!/application\/json/.test(req.headers.accept ?? "")) {
      send(res, 200, toXml(payload), { "content-type": "text/xml" });
      return 200;
    }
    const json = JSON.stringify(payload);
    if (fault?.type === "malformed") send(res, 200, `{"title": "Report", "employees": [{"id": "1",,}]`);
    else if (fault?.type === "truncated") send(res, 200, json.slice(0, Math.max(1, Math.floor(json.length / 2))));
    else if (fault?.type === "html")
      send(res, 200, "<!DOCTYPE html><html><body><h1>Service temporarily unavailable</h1></body></html>", { "content-type": "text/html" });
    else if (fault?.type === "trickle") await trickle(res, json, fault.chunks, fault.everyMs);
    else if (fault?.type === "stall") {
      res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
      res.write(json.slice(0, Math.floor(json.length / 3)));
      stalled.add(res);
    } else send(res, 200, json);
    return 200;
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

  const api = {
    company(domain: string): EmulatedCompany {
      const c = companies.get(domain);
      if (!c) throw new Error(`No emulated company "${domain}"`);
      return c;
    },
    addCompany(company: EmulatedCompany) {
      companies.set(company.domain, company);
    },
    injectFault(domain: string, fault: Fault, times = 1) {
      const queue = faults.get(domain) ?? [];
      queue.push({ fault, remaining: times });
      faults.set(domain, queue);
    },
    clearFaults(domain: string) {
      faults.delete(domain);
    },
    updateEmployee(domain: string, id: string, patch: Partial<EmulatedEmployee>) {
      const e = api.company(domain).employees.find((x) => x.id === id);
      if (!e) throw new Error(`No employee ${id} in ${domain}`);
      Object.assign(e, patch);
      changedAt.set(id, new Date().toISOString());
    },
    addEmployee(domain: string, employee: EmulatedEmployee) {
      api.company(domain).employees.push(employee);
      changedAt.set(employee.id, new Date().toISOString());
    },
    removeEmployee(domain: string, id: string) {
      const c = api.company(domain);
      c.employees = c.employees.filter((e) => e.id !== id);
    },
    setKey(domain: string, key: EmulatedKey) {
      const c = api.company(domain);
      c.keys = [...c.keys.filter((k) => k.key !== key.key), key];
    },
    requests,
  };

  // Control API (JSON), for tests in another process and the demo: POST /__emulator/{action}.
  async function handleControl(req: IncomingMessage, res: ServerResponse, action: string) {
    const body = JSON.parse((await readBody(req, 50_000_000)) || "{}");
    switch (action) {
      case "company":
        api.addCompany(body);
        break;
      case "fault":
        api.injectFault(body.domain, body.fault, body.times ?? 1);
        break;
      case "clear-faults":
        api.clearFaults(body.domain);
        break;
      case "update-employee":
        api.updateEmployee(body.domain, body.id, body.patch);
        break;
      case "update-employees":
        for (const u of body.updates) api.updateEmployee(body.domain, u.id, u.patch);
        break;
      case "add-employee":
        api.addEmployee(body.domain, body.employee);
        break;
      case "remove-employee":
        api.removeEmployee(body.domain, body.id);
        break;
      case "set-key":
        api.setKey(body.domain, body.key);
        break;
      case "requests":
        return send(res, 200, JSON.stringify(requests));
      default:
        return send(res, 404, JSON.stringify({ error: "unknown action" }));
    }
    send(res, 200, JSON.stringify({ ok: true }));
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://emulator");
    try {
      if (options.control && req.method === "POST" && url.pathname.startsWith("/__emulator/")) {
        return await handleControl(req, res, url.pathname.slice("/__emulator/".length));
      }
      const route = parseRoute(url.pathname);
      const status = route ? await handleApi(req, res, url, route) : (send(res, 404, ""), 404);
      requests.push({
        method: req.method ?? "GET",
        path: url.pathname + url.search,
        company: route?.company ?? null,
        at: Date.now(),
        status,
      });
    } catch (error) {
      if (!res.headersSent) send(res, 500, JSON.stringify({ error: (error as Error).message }));
    }
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://${options.host ?? "127.0.0.1"}:${port}`;
  return {
    ...api,
    origin,
    /** The base URL to give the client (BAMBOOHR_BASE_URL). */
    url: `${origin}/api/gateway.php`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
