import { createHmac, randomBytes } from "node:crypto";
import type { EmulatedEmployee, EmulatedWebhook, WebhookDelivery } from "./types";

/** BambooHR's signature: lowercase hex HMAC-SHA256 of the raw body followed by the timestamp header's value. */
function signDelivery(privateKey: string, body: string, timestamp: string): string {
  return createHmac("sha256", privateKey)
    .update(body + timestamp)
    .digest("hex");
}

const EMPLOYEE_EVENTS = ["employee.created", "employee.updated", "employee.deleted"];
const FIELD_EVENTS = ["employee_with_fields.created", "employee_with_fields.updated", "employee_with_fields.deleted"];

/** Validates a create request the way BambooHR does; returns the webhook or a 400 message. */
export function newWebhook(id: string, body: Record<string, unknown>): EmulatedWebhook | { error: string } {
  const url = typeof body.url === "string" ? body.url : "";
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { error: "url is required and must be an absolute URL" };
  }
  // BambooHR only posts to https; the emulator also allows http to this machine, for tests.
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(parsed.hostname);
  if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && loopback)) return { error: "url must begin with https://" };
  if (body.format !== "json" && body.format !== "form-encoded") return { error: "format is required (json or form-encoded)" };
  const events = Array.isArray(body.events) && body.events.length ? body.events.map(String) : [...FIELD_EVENTS];
  const unknown = events.filter((e) => !EMPLOYEE_EVENTS.includes(e) && !FIELD_EVENTS.includes(e));
  if (unknown.length) return { error: `unknown events: ${unknown.join(", ")}` };
  if (events.some((e) => EMPLOYEE_EVENTS.includes(e)) && events.some((e) => FIELD_EVENTS.includes(e)))
    return { error: "employee_with_fields events cannot be mixed with employee events" };
  const monitorFields = Array.isArray(body.monitorFields) ? body.monitorFields.map(String) : [];
  if (events.some((e) => e.endsWith(".updated")) && monitorFields.length === 0) return { error: "monitorFields is required" };
  return {
    id,
    name: String(body.name ?? "webhook"),
    url,
    format: body.format,
    events,
    monitorFields,
    postFields: (body.postFields as Record<string, string>) ?? {},
    privateKey: randomBytes(32).toString("hex"),
    created: new Date().toISOString().slice(0, 19).replace("T", " "),
    lastSent: null,
  };
}

export type EmployeeChange = { action: "created" | "updated" | "deleted"; employee: EmulatedEmployee; changedFields: string[] };

/** The body BambooHR would post for this change, or null when the webhook does not fire for it. */
export function deliveryBody(hook: EmulatedWebhook, change: EmployeeChange, domain: string, at: Date): string | null {
  const fieldBased = hook.events.some((e) => e.startsWith("employee_with_fields."));
  const event = `${fieldBased ? "employee_with_fields" : "employee"}.${change.action}`;
  if (!hook.events.includes(event)) return null;
  if (change.action === "updated" && !change.changedFields.some((f) => hook.monitorFields.includes(f))) return null;
  const changedFields = change.changedFields.filter((f) => hook.monitorFields.includes(f));
  if (!fieldBased) {
    return JSON.stringify({
      type: event,
      timestamp: at.toISOString(),
      data: { companyId: domain, employeeId: change.employee.id, changedFields },
    });
  }
  const fields = Object.fromEntries(
    Object.entries(hook.postFields).map(([alias, name]) => [name, (change.employee as Record<string, unknown>)[alias] ?? null]),
  );
  const action = { created: "Created", updated: "Updated", deleted: "Deleted" }[change.action];
  return JSON.stringify({ employees: [{ id: change.employee.id, action, timestamp: at.toISOString(), changedFields, fields }] });
}

/**
 * Posts a signed delivery; a 5xx or a failed connection is tried again (BambooHR waits 5, 10, 20, 40, 80 minutes;
 * the emulator `retryMs`, doubling), a 4xx is not.
 */
export async function deliver(hook: EmulatedWebhook, body: string, record: WebhookDelivery[], retryMs: number) {
  const delivery: WebhookDelivery = { webhookId: hook.id, url: hook.url, body, timestamp: "", signature: "", status: null, attempts: 0 };
  record.push(delivery);
  for (let attempt = 0; attempt < 6; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, retryMs * 2 ** (attempt - 1)));
    // Each attempt is signed afresh, with its own timestamp.
    delivery.timestamp = String(Math.floor(Date.now() / 1000));
    delivery.signature = signDelivery(hook.privateKey, body, delivery.timestamp);
    delivery.attempts++;
    try {
      const response = await fetch(hook.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-bamboohr-timestamp": delivery.timestamp,
          "x-bamboohr-signature": delivery.signature,
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      delivery.status = response.status;
      await response.body?.cancel().catch(() => {});
      if (response.status < 500) break;
    } catch {
      delivery.status = null;
    }
  }
  hook.lastSent = new Date().toISOString().slice(0, 19).replace("T", " ");
}
