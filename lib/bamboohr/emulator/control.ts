import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody, send } from "./http";
import type { EmulatedCompany, EmulatedEmployee, EmulatedKey, Fault, FaultTarget, RecordedRequest, WebhookDelivery } from "./types";
import type { EmulatedWebhook } from "./types";

/** What tests and the demo can do to a running emulator. */
export type ControlApi = {
  addCompany(company: EmulatedCompany): void;
  injectFault(domain: string, fault: Fault, times?: number, target?: FaultTarget): void;
  clearFaults(domain: string): void;
  updateEmployee(domain: string, id: string, patch: Partial<EmulatedEmployee>): void;
  addEmployee(domain: string, employee: EmulatedEmployee): void;
  removeEmployee(domain: string, id: string): void;
  setKey(domain: string, key: EmulatedKey): void;
  webhooks(domain: string): EmulatedWebhook[];
  requests: RecordedRequest[];
  deliveries: WebhookDelivery[];
};

type Body = Record<string, never> & Record<string, unknown>;

/** The control API over HTTP (`POST /__emulator/{action}`, JSON), for tests in another process and the demo. */
const ACTIONS: Record<string, (api: ControlApi, body: Body) => unknown> = {
  company: (api, body) => api.addCompany(body as unknown as EmulatedCompany),
  fault: (api, body) =>
    api.injectFault(String(body.domain), body.fault as Fault, (body.times as number) ?? 1, (body.target as FaultTarget) ?? {}),
  "clear-faults": (api, body) => api.clearFaults(String(body.domain)),
  "update-employee": (api, body) => api.updateEmployee(String(body.domain), String(body.id), body.patch as Partial<EmulatedEmployee>),
  "update-employees": (api, body) => {
    for (const u of body.updates as Array<{ id: string; patch: Partial<EmulatedEmployee> }>)
      api.updateEmployee(String(body.domain), u.id, u.patch);
  },
  "add-employee": (api, body) => api.addEmployee(String(body.domain), body.employee as EmulatedEmployee),
  "remove-employee": (api, body) => api.removeEmployee(String(body.domain), String(body.id)),
  "set-key": (api, body) => api.setKey(String(body.domain), body.key as EmulatedKey),
  requests: (api) => api.requests,
  webhooks: (api, body) => api.webhooks(String(body.domain)),
  "webhook-deliveries": (api) => api.deliveries,
};

export async function handleControl(api: ControlApi, req: IncomingMessage, res: ServerResponse, action: string) {
  const run = ACTIONS[action];
  if (!run) return send(res, { status: 404, body: JSON.stringify({ error: "unknown action" }) });
  const body = JSON.parse((await readBody(req, 50_000_000)) || "{}") as Body;
  const answer = run(api, body);
  send(res, { status: 200, body: JSON.stringify(answer ?? { ok: true }) });
}
