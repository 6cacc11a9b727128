import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { datasetFields, datasetPage } from "./datasets";
import { fieldCatalogue, renderEmployee, renderReport, toXml } from "./report";
import type {
  EmulatedCompany,
  EmulatedEmployee,
  EmulatedKey,
  EmulatedWebhook,
  Fault,
  FaultTarget,
  RecordedRequest,
  WebhookDelivery,
} from "./types";
import { deliver, deliveryBody, newWebhook, type EmployeeChange } from "./webhooks";

export type EmulatorOptions = {
  companies: EmulatedCompany[];
  port?: number;
  host?: string;
  /** Serve the /__emulator control API (tests in another process, the demo). Never on a public interface. */
  control?: boolean;
  /** "Today" for future-dated statuses, YYYY-MM-DD. */
  today?: () => string;
  /** First wait before a failed webhook delivery is tried again (doubling); BambooHR waits 5 minutes. */
  webhookRetryMs?: number;
};

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

/** The page a dataset request asks for (1 when it does not say). */
function pageOf(body: string | null): number {
  try {
    return Number((JSON.parse(body ?? "{}") as { page?: unknown }).page ?? 1);
  } catch {
    return 1;
  }
}

type Route = { company: string; path: string };

/**
 * Both address forms: /api/gateway.php/{company}/v1/... and /{company}/v1/...; `path` is relative to v1, and
 * starts with its version for the others (`v2/datasets/employee/data`, `v1_2/datasets/employee/fields`).
 */
function parseRoute(pathname: string): Route | null {
  const m = /^(?:\/api\/gateway\.php)?\/([^/]+)\/(v1|v1_2|v2)\/(.*)$/.exec(pathname);
  return m ? { company: decodeURIComponent(m[1]), path: m[2] === "v1" ? m[3] : `${m[2]}/${m[3]}` } : null;
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
  const faults = new Map<string, Array<{ fault: Fault; remaining: number; target: FaultTarget }>>();
  // Per company: what changed, when (employees/changed).
  const changedAt = new Map<string, Map<string, { at: string; action: "Inserted" | "Updated" | "Deleted" }>>();
  const markChanged = (domain: string, id: string, action: "Inserted" | "Updated" | "Deleted") => {
    if (!changedAt.has(domain)) changedAt.set(domain, new Map());
    changedAt.get(domain)!.set(id, { at: new Date().toISOString(), action });
  };
  const webhooks = new Map<string, EmulatedWebhook[]>();
  const deliveries: WebhookDelivery[] = [];
  let webhookIds = 0;
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

  /** The first queued fault that applies to this request (faults without a target apply to any). */
  function takeFault(company: string, path: string, page: number | null): Fault | null {
    const queue = faults.get(company);
    const index =
      queue?.findIndex(
        ({ target }) => (!target.path || path.includes(target.path)) && (target.page === undefined || target.page === page),
      ) ?? -1;
    if (index < 0) return null;
    const entry = queue![index];
    if (--entry.remaining <= 0) queue!.splice(index, 1);
    return entry.fault;
  }

  /** Fires the company's webhooks for a change made through the control API (signed, in the background). */
  function fireWebhooks(domain: string, change: EmployeeChange) {
    const at = new Date();
    for (const hook of webhooks.get(domain) ?? []) {
      const body = deliveryBody(hook, change, domain, at);
      if (body) void deliver(hook, body, deliveries, options.webhookRetryMs ?? 5 * 60_000);
    }
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, route: Route): Promise<number> {
    const company = companies.get(route.company);
    if (!company) {
      send(res, 404, "", { "content-type": "text/html" });
      return 404;
    }
    // The body is read first for a dataset page, so that a fault can target one page.
    const rawBody = req.method === "POST" ? await readBody(req).catch(() => null) : null;
    const page = route.path === "v2/datasets/employee/data" ? pageOf(rawBody) : null;
    const fault = takeFault(company.domain, route.path, page);
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
        body = JSON.parse(rawBody ?? "");
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
      const since = Date.parse(url.searchParams.get("since") ?? "");
      if (Number.isNaN(since)) {
        send(res, 400, "", { "x-bamboohr-error-message": "since must be an ISO 8601 timestamp" });
        return 400;
      }
      const employees: Record<string, { id: string; action: string; lastChanged: string }> = {};
      let latest: string | null = null;
      for (const [id, { at, action }] of changedAt.get(company.domain) ?? []) {
        if (Date.parse(at) <= since) continue;
        employees[id] = { id, action, lastChanged: at };
        if (!latest || at > latest) latest = at;
      }
      payload = { latest: latest ?? new Date(since).toISOString(), employees };
    } else if (route.path === "v1_2/datasets/employee/fields" || route.path === "v2/datasets/employee/data") {
      if (key.datasets === false) {
        send(res, 403, JSON.stringify({ type: "about:blank", title: "Forbidden", status: 403 }), {
          "content-type": "application/problem+json",
        });
        return 403;
      }
      if (route.path === "v1_2/datasets/employee/fields") {
        payload = datasetFields(
          key,
          Number(url.searchParams.get("page") ?? 1),
          Math.min(1000, Number(url.searchParams.get("page_size") ?? 500)),
        );
      } else {
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(rawBody ?? "");
        } catch {
          send(res, 400, JSON.stringify({ title: "Malformed JSON body", status: 400 }), { "content-type": "application/problem+json" });
          return 400;
        }
        const answer = datasetPage(company, key, body, `http://${req.headers.host}`, today());
        if (answer.status !== 200) {
          send(res, answer.status, JSON.stringify(answer.payload), { "content-type": "application/problem+json" });
          return answer.status;
        }
        payload = answer.payload;
      }
    } else if (req.method === "GET" && route.path === "webhooks/monitor_fields") {
      payload = { fields: fieldCatalogue().map((f) => ({ id: String(f.id), name: f.name, alias: f.alias })) };
    } else if (route.path === "webhooks" || /^webhooks\/[^/]+$/.test(route.path)) {
      const answer = webhookRequest(company, key, req.method ?? "GET", route.path.split("/")[1], rawBody);
      if (answer.status !== 200 && answer.status !== 201) {
        send(res, answer.status, JSON.stringify(answer.payload ?? {}));
        return answer.status;
      }
      if (typeof answer.payload === "string") {
        send(res, answer.status, answer.payload, { "content-type": "text/plain" });
        return answer.status;
      }
      if (answer.status === 201) {
        send(res, 201, JSON.stringify(answer.payload));
        return 201;
      }
      payload = answer.payload;
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

  function webhookRequest(
    company: EmulatedCompany,
    key: EmulatedKey,
    method: string,
    id: string | undefined,
    rawBody: string | null,
  ): { status: number; payload?: unknown } {
    const hooks = webhooks.get(company.domain) ?? [];
    if (method === "POST" && !id) {
      if (key.webhooks === false) return { status: 403, payload: { errors: { error: "You do not have permission to create webhooks." } } };
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(rawBody ?? "");
      } catch {
        return { status: 400, payload: { errors: ["Malformed JSON body"] } };
      }
      const hook = newWebhook(String(++webhookIds), body);
      if ("error" in hook) return { status: 400, payload: { errors: [hook.error] } };
      webhooks.set(company.domain, [...hooks, hook]);
      return { status: 201, payload: hook };
    }
    if (method === "GET" && !id)
      return {
        status: 200,
        payload: { webhooks: hooks.map(({ id, name, created, lastSent, url }) => ({ id, name, created, lastSent, url })) },
      };
    const hook = hooks.find((h) => h.id === id);
    if (!hook) return { status: 404, payload: { errors: { error: `Webhook ${id} not found` } } };
    if (method === "DELETE") {
      webhooks.set(
        company.domain,
        hooks.filter((h) => h !== hook),
      );
      return { status: 200, payload: "Web hook has been deleted." };
    }
    if (method === "GET") return { status: 200, payload: { ...hook, privateKey: undefined } };
    return { status: 404 };
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
    injectFault(domain: string, fault: Fault, times = 1, target: FaultTarget = {}) {
      const queue = faults.get(domain) ?? [];
      queue.push({ fault, remaining: times, target });
      faults.set(domain, queue);
    },
    clearFaults(domain: string) {
      faults.delete(domain);
    },
    updateEmployee(domain: string, id: string, patch: Partial<EmulatedEmployee>) {
      const e = api.company(domain).employees.find((x) => x.id === id);
      if (!e) throw new Error(`No employee ${id} in ${domain}`);
      const changedFields = Object.keys(patch)
        .filter((f) => JSON.stringify((e as Record<string, unknown>)[f]) !== JSON.stringify((patch as Record<string, unknown>)[f]))
        .map((f) => (f === "employmentStatus" ? "employmentHistoryStatus" : f));
      Object.assign(e, patch);
      if (changedFields.length === 0) return;
      markChanged(domain, id, "Updated");
      fireWebhooks(domain, { action: "updated", employee: e, changedFields });
    },
    addEmployee(domain: string, employee: EmulatedEmployee) {
      api.company(domain).employees.push(employee);
      markChanged(domain, employee.id, "Inserted");
      fireWebhooks(domain, { action: "created", employee, changedFields: [] });
    },
    removeEmployee(domain: string, id: string) {
      const c = api.company(domain);
      const removed = c.employees.find((e) => e.id === id);
      c.employees = c.employees.filter((e) => e.id !== id);
      if (!removed) return;
      markChanged(domain, id, "Deleted");
      fireWebhooks(domain, { action: "deleted", employee: removed, changedFields: [] });
    },
    webhooks: (domain: string) => webhooks.get(domain) ?? [],
    deliveries,
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
        api.injectFault(body.domain, body.fault, body.times ?? 1, body.target ?? {});
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
      case "webhooks":
        return send(res, 200, JSON.stringify(api.webhooks(body.domain)));
      case "webhook-deliveries":
        return send(res, 200, JSON.stringify(deliveries));
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
