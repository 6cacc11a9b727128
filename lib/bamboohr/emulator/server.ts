import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleControl, type ControlApi } from "./control";
import { faultBefore, faultQueue, sendJson } from "./faults";
import { pageOf, parseApiPath, readBody, send, type ApiPath } from "./http";
import { toXml } from "./report";
import { findRoute, type EmulatorState } from "./routes";
import type { EmulatedCompany, EmulatedEmployee, EmulatedKey, RecordedRequest, WebhookDelivery } from "./types";
import { deliver, deliveryBody, type EmployeeChange } from "./webhooks";

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

function authenticate(req: IncomingMessage, company: EmulatedCompany): EmulatedKey | null {
  const header = req.headers.authorization ?? "";
  if (!header.startsWith("Basic ")) return null;
  const user = Buffer.from(header.slice(6), "base64").toString("utf8").split(":")[0];
  const key = company.keys.find((k) => k.key === user);
  return key && !key.revoked ? key : null;
}

export async function startEmulator(options: EmulatorOptions) {
  const companies = new Map(options.companies.map((c) => [c.domain, c]));
  const faults = faultQueue();
  let webhookIds = 0;
  const state: EmulatorState = { changedAt: new Map(), webhooks: new Map(), nextWebhookId: () => String(++webhookIds) };
  const markChanged = (domain: string, id: string, action: "Inserted" | "Updated" | "Deleted") => {
    if (!state.changedAt.has(domain)) state.changedAt.set(domain, new Map());
    state.changedAt.get(domain)!.set(id, { at: new Date().toISOString(), action });
  };
  const deliveries: WebhookDelivery[] = [];
  const requests: RecordedRequest[] = [];
  const today = options.today ?? (() => new Date().toISOString().slice(0, 10));

  /** Fires the company's webhooks for a change made through the control API (signed, in the background). */
  function fireWebhooks(domain: string, change: EmployeeChange) {
    const at = new Date();
    for (const hook of state.webhooks.get(domain) ?? []) {
      const body = deliveryBody(hook, change, domain, at);
      if (body) void deliver(hook, body, deliveries, options.webhookRetryMs ?? 5 * 60_000);
    }
  }

  /** One request to BambooHR's API: the company, a fault, the key, then its route; returns the status sent. */
  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, { company: domain, path }: ApiPath): Promise<number> {
    const company = companies.get(domain);
    if (!company) {
      send(res, { status: 404, headers: { "content-type": "text/html" } });
      return 404;
    }
    const method = req.method ?? "GET";
    // The body is read first for a dataset page, so that a fault can target one page.
    const rawBody = method === "POST" ? await readBody(req).catch(() => null) : null;
    const fault = faults.take(company.domain, path, path === "v2/datasets/employee/data" ? pageOf(rawBody) : null);
    const early = await faultBefore(fault, company);
    if (early) {
      send(res, early);
      return early.status;
    }
    const key = authenticate(req, company);
    if (!key) {
      send(res, {
        status: 401,
        body: "<html><body>Unauthorized</body></html>",
        headers: { "content-type": "text/html", "x-bamboohr-error-message": "API key not provided or invalid" },
      });
      return 401;
    }
    if (key.forbidden) {
      send(res, { status: 403, headers: { "x-bamboohr-error-message": "Permission denied" } });
      return 403;
    }
    const route = findRoute(method, path);
    if (!route) {
      send(res, { status: 404 });
      return 404;
    }
    const served = route.handle({
      method,
      path,
      contentType: req.headers["content-type"],
      url,
      company,
      key,
      rawBody,
      host: req.headers.host ?? "",
      today: today(),
      state,
    });
    if (!("payload" in served)) {
      send(res, served);
      return served.status;
    }
    if (!/application\/json/.test(req.headers.accept ?? "")) {
      send(res, { status: 200, body: toXml(served.payload), headers: { "content-type": "text/xml" } });
      return 200;
    }
    await sendJson(res, JSON.stringify(served.payload), fault);
    return 200;
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
    injectFault: faults.inject,
    clearFaults: faults.clear,
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
    webhooks: (domain: string) => state.webhooks.get(domain) ?? [],
    deliveries,
    setKey(domain: string, key: EmulatedKey) {
      const c = api.company(domain);
      c.keys = [...c.keys.filter((k) => k.key !== key.key), key];
    },
    requests,
  } satisfies ControlApi & { company(domain: string): EmulatedCompany };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://emulator");
    try {
      if (options.control && req.method === "POST" && url.pathname.startsWith("/__emulator/")) {
        return await handleControl(api, req, res, url.pathname.slice("/__emulator/".length));
      }
      const route = parseApiPath(url.pathname);
      const status = route ? await handleApi(req, res, url, route) : (send(res, { status: 404 }), 404);
      requests.push({
        method: req.method ?? "GET",
        path: url.pathname + url.search,
        company: route?.company ?? null,
        at: Date.now(),
        status,
      });
    } catch (error) {
      if (!res.headersSent) send(res, { status: 500, body: JSON.stringify({ error: (error as Error).message }) });
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
