import { datasetFields, datasetPage } from "./datasets";
import type { Answer } from "./http";
import { fieldCatalogue, renderEmployee, renderReport } from "./report";
import type { EmulatedCompany, EmulatedKey, EmulatedWebhook } from "./types";
import { newWebhook } from "./webhooks";

/** What the emulator keeps between requests, beyond its companies. */
export type EmulatorState = {
  /** Per company: what changed, when (employees/changed). */
  changedAt: Map<string, Map<string, { at: string; action: "Inserted" | "Updated" | "Deleted" }>>;
  webhooks: Map<string, EmulatedWebhook[]>;
  nextWebhookId: () => string;
};

export type RouteContext = {
  method: string;
  /** Relative to v1, as in ROUTES. */
  path: string;
  contentType: string | undefined;
  url: URL;
  company: EmulatedCompany;
  key: EmulatedKey;
  rawBody: string | null;
  host: string;
  today: string;
  state: EmulatorState;
};

/** A served payload (sent as JSON, or XML without `Accept: application/json`), or an answer sent as it is. */
type Served = { payload: unknown } | Answer;

type Route = { method?: string; path: string | RegExp; handle: (ctx: RouteContext) => Served };

const problem = (status: number, title: string): Answer => ({
  status,
  body: JSON.stringify({ title, status }),
  headers: { "content-type": "application/problem+json" },
});
const refusal = (status: number, message: string): Answer => ({ status, headers: { "x-bamboohr-error-message": message } });

function parseJson(rawBody: string | null): Record<string, unknown> | null {
  try {
    return JSON.parse(rawBody ?? "") as Record<string, unknown>;
  } catch {
    return null;
  }
}

function reportsCustom({ rawBody, company, key, url, today, contentType }: RouteContext): Served {
  if (contentType !== "application/json") return refusal(400, "Content-Type must be application/json");
  const body = parseJson(rawBody);
  if (!body) return refusal(400, "Malformed JSON body");
  const requested = Array.isArray(body.fields) ? body.fields.map(String).slice(0, 400) : [];
  return { payload: renderReport(company, key, requested, url.searchParams.get("onlyCurrent") !== "false", today) };
}

function metaLists({ company }: RouteContext): Served {
  return {
    payload: [
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
    ],
  };
}

function employeesChanged({ url, company, state }: RouteContext): Served {
  const since = Date.parse(url.searchParams.get("since") ?? "");
  if (Number.isNaN(since)) return refusal(400, "since must be an ISO 8601 timestamp");
  const employees: Record<string, { id: string; action: string; lastChanged: string }> = {};
  let latest: string | null = null;
  for (const [id, { at, action }] of state.changedAt.get(company.domain) ?? []) {
    if (Date.parse(at) <= since) continue;
    employees[id] = { id, action, lastChanged: at };
    if (!latest || at > latest) latest = at;
  }
  return { payload: { latest: latest ?? new Date(since).toISOString(), employees } };
}

const datasetsForbidden: Answer = problem(403, "Forbidden");

function datasetFieldsRoute({ key, url }: RouteContext): Served {
  if (key.datasets === false) return datasetsForbidden;
  const pageSize = Math.min(1000, Number(url.searchParams.get("page_size") ?? 500));
  return { payload: datasetFields(key, Number(url.searchParams.get("page") ?? 1), pageSize) };
}

function datasetData({ key, rawBody, company, host, today }: RouteContext): Served {
  if (key.datasets === false) return datasetsForbidden;
  const body = parseJson(rawBody);
  if (!body) return problem(400, "Malformed JSON body");
  const answer = datasetPage(company, key, body, `http://${host}`, today);
  if (answer.status !== 200)
    return { status: answer.status, body: JSON.stringify(answer.payload), headers: { "content-type": "application/problem+json" } };
  return { payload: answer.payload };
}

function webhookRoute({ method, path, company, key, rawBody, state }: RouteContext): Served {
  const id = path.split("/")[1];
  const hooks = state.webhooks.get(company.domain) ?? [];
  const json = (status: number, payload: unknown): Answer => ({ status, body: JSON.stringify(payload) });
  if (method === "POST" && !id) {
    if (key.webhooks === false) return json(403, { errors: { error: "You do not have permission to create webhooks." } });
    const body = parseJson(rawBody);
    if (!body) return json(400, { errors: ["Malformed JSON body"] });
    const hook = newWebhook(state.nextWebhookId(), body);
    if ("error" in hook) return json(400, { errors: [hook.error] });
    state.webhooks.set(company.domain, [...hooks, hook]);
    return json(201, hook);
  }
  if (method === "GET" && !id)
    return { payload: { webhooks: hooks.map(({ id, name, created, lastSent, url }) => ({ id, name, created, lastSent, url })) } };
  const hook = hooks.find((h) => h.id === id);
  if (!hook) return json(404, { errors: { error: `Webhook ${id} not found` } });
  if (method === "DELETE") {
    state.webhooks.set(
      company.domain,
      hooks.filter((h) => h !== hook),
    );
    return { status: 200, body: "Web hook has been deleted.", headers: { "content-type": "text/plain" } };
  }
  if (method === "GET") return { payload: { ...hook, privateKey: undefined } };
  return { status: 404 };
}

function oneEmployee({ path, url, company, key, today }: RouteContext): Served {
  const id = path.split("/")[1];
  const employee = company.employees.find((e) => e.id === (id === "0" ? key.ownerId : id));
  if (!employee) return { status: 404 };
  const fields = (url.searchParams.get("fields") ?? "firstName,lastName").split(",");
  return { payload: renderEmployee(employee, key, fields, today) };
}

/** BambooHR's API as Roster reads it: one route per endpoint, paths relative to v1 (others start with their version). */
export const ROUTES: Route[] = [
  { method: "POST", path: "reports/custom", handle: reportsCustom },
  { method: "GET", path: "meta/lists", handle: metaLists },
  { method: "GET", path: "meta/fields", handle: () => ({ payload: fieldCatalogue() }) },
  { method: "GET", path: "employees/changed", handle: employeesChanged },
  { path: "v1_2/datasets/employee/fields", handle: datasetFieldsRoute },
  { path: "v2/datasets/employee/data", handle: datasetData },
  {
    method: "GET",
    path: "webhooks/monitor_fields",
    handle: () => ({ payload: { fields: fieldCatalogue().map((f) => ({ id: String(f.id), name: f.name, alias: f.alias })) } }),
  },
  { path: /^webhooks(\/[^/]+)?$/, handle: webhookRoute },
  { method: "GET", path: /^employees\/\d+$/, handle: oneEmployee },
];

export function findRoute(method: string, path: string): Route | undefined {
  return ROUTES.find((r) => (!r.method || r.method === method) && (typeof r.path === "string" ? r.path === path : r.path.test(path)));
}
