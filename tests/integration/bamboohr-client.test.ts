import { describe, expect, it } from "vitest";
import { createBambooClient } from "@/lib/bamboohr/client";
import {
  BambooAuthError,
  BambooError,
  BambooInvalidSubdomainError,
  BambooMalformedResponseError,
  BambooNetworkError,
  BambooTooSlowError,
  BambooNotFoundError,
  BambooPermissionError,
  BambooRateLimitError,
  BambooServerError,
} from "@/lib/bamboohr/errors";
import { emulatedCompany, emulator, fastRetry } from "../helpers/emulator";

async function setup(options: Parameters<typeof emulatedCompany>[0] = {}) {
  const ctx = await emulatedCompany(options);
  const sleeps: number[] = [];
  const client = createBambooClient({
    subdomain: ctx.domain,
    apiKey: ctx.key,
    baseUrl: ctx.emu.url,
    retry: { ...fastRetry, sleep: async (ms) => void sleeps.push(ms) },
  });
  const calls = () => ctx.emu.requests.filter((r) => r.company === ctx.domain).length;
  return { ...ctx, client, sleeps, calls };
}

async function caught(promise: Promise<unknown>): Promise<BambooError> {
  try {
    await promise;
  } catch (error) {
    return error as BambooError;
  }
  throw new Error("expected a rejection");
}

describe("[BAMBOOHR] client against the emulator", () => {
  it("fetches every employee of the report with normalised fields", async () => {
    const { client, company, calls } = await setup({ size: 30 });
    const snapshot = await client.fetchEmployees("reports");
    expect(snapshot.employees).toHaveLength(30);
    expect(snapshot.problems).toEqual([]);
    expect(snapshot.missingFields).toEqual([]);
    const source = company.employees[1];
    const got = snapshot.employees.find((e) => e.id === source.id)!;
    expect(got).toMatchObject({
      employeeNumber: source.employeeNumber,
      workEmail: source.workEmail,
      firstName: source.firstName,
      supervisorEId: source.supervisorEId,
      supervisorId: source.supervisorId,
      city: source.city,
      status: source.status,
    });
    // An empty termination date arrives as "0000-00-00" and becomes null.
    const active = snapshot.employees.find((e) => e.status === "Active")!;
    expect(active.terminationDate).toBeNull();
    expect(calls()).toBe(1);
  });

  it("reports fields the key's permissions drop, and leaves them empty", async () => {
    const { client } = await setup({
      mutate: (c) => (c.keys[0].fields = ["employeeNumber", "firstName", "lastName", "workEmail", "status"]),
    });
    const snapshot = await client.fetchEmployees();
    expect(snapshot.missingFields).toEqual(
      expect.arrayContaining(["jobTitle", "department", "employmentHistoryStatus", "terminationDate"]),
    );
    expect(snapshot.missingFields).not.toContain("workEmail");
    expect(snapshot.employees[0].jobTitle).toBeNull();
    expect(snapshot.employees[0].workEmail).not.toBeNull();
  });

  it("hides a future-dated employment status and the key owner's own status", async () => {
    const { client, company } = await setup({
      mutate: (c) => {
        c.employees[2].employmentStatus = { name: "Full Time", effectiveDate: "2999-01-01" };
        c.employees[3].employmentStatus = { name: "Full Time", effectiveDate: "2020-01-01" };
        c.keys[0].ownerId = c.employees[3].id;
        c.keys[0].hideOwnStatus = true;
        c.employees[4].employmentStatus = { name: "Contractor", effectiveDate: "2020-01-01" };
      },
    });
    const byId = new Map((await client.fetchEmployees()).employees.map((e) => [e.id, e]));
    expect(byId.get(company.employees[2].id)!.employmentHistoryStatus).toBeNull();
    expect(byId.get(company.employees[3].id)!.employmentHistoryStatus).toBeNull();
    expect(byId.get(company.employees[4].id)!.employmentHistoryStatus).toBe("Contractor");
  });

  it("lists the company's employment statuses with archived ones flagged", async () => {
    const { client } = await setup();
    const statuses = await client.fetchEmploymentStatuses();
    expect(statuses.map((s) => s.name)).toContain("Contractor");
    expect(statuses.find((s) => s.name === "Temp Agency Contractor")!.archived).toBe(true);
    expect(statuses.find((s) => s.name === "Full Time")!.archived).toBe(false);
  });

  it("reads changed employees since a date", async () => {
    const { client, emu, domain, company } = await setup();
    const before = new Date(Date.now() - 1000);
    emu.updateEmployee(domain, company.employees[0].id, { jobTitle: "Chief Executive" });
    const changed = await client.fetchChangedSince(before);
    expect(Object.keys(changed.employees)).toEqual([company.employees[0].id]);
  });

  it("tells an invalid key without retrying and without the key in the message", async () => {
    const { client, calls, key } = await setup();
    const bad = createBambooClient({
      subdomain: client.subdomain,
      apiKey: "wrong-" + key,
      baseUrl: (await emulator()).url,
      retry: fastRetry,
    });
    const error = await caught(bad.fetchEmployees());
    expect(error).toBeInstanceOf(BambooAuthError);
    expect(error.message).toContain("API key not provided or invalid");
    expect(error.message).not.toContain(key);
    expect(JSON.stringify(error)).not.toContain(key);
    expect(calls()).toBe(1);
    expect(await bad.testConnection()).toMatchObject({ ok: false, kind: "invalid_key" });
  });

  it("tells no permission (403) and an unknown company (404)", async () => {
    const { client, emu, domain, key } = await setup({ mutate: (c) => (c.keys[0].forbidden = true) });
    expect(await caught(client.fetchEmployees())).toBeInstanceOf(BambooPermissionError);
    expect(await client.testConnection()).toMatchObject({ ok: false, kind: "no_permission" });
    const unknown = createBambooClient({ subdomain: domain + "zz", apiKey: key, baseUrl: emu.url, retry: fastRetry });
    expect(await caught(unknown.fetchEmployees())).toBeInstanceOf(BambooNotFoundError);
    expect(await unknown.testConnection()).toMatchObject({ ok: false, kind: "company_not_found" });
  });

  it("answers a healthy testConnection with ok", async () => {
    const { client } = await setup();
    expect(await client.testConnection()).toEqual({ ok: true });
  });

  it("tells a key revoked in the middle of a run", async () => {
    const { client, emu, domain, key } = await setup();
    await client.fetchEmployees();
    emu.injectFault(domain, { type: "revoke_key", key });
    expect(await caught(client.fetchEmployees())).toBeInstanceOf(BambooAuthError);
  });

  it("honours Retry-After in seconds on 429 and on 503", async () => {
    const { client, emu, domain, sleeps, calls } = await setup();
    emu.injectFault(domain, { type: "rate_limit", status: 429, retryAfter: "7" });
    emu.injectFault(domain, { type: "rate_limit", status: 503, retryAfter: "3" });
    const snapshot = await client.fetchEmployees("reports");
    expect(snapshot.employees.length).toBe(20);
    expect(sleeps).toEqual([7000, 3000]);
    expect(calls()).toBe(3);
  });

  it("honours Retry-After as an HTTP date, and caps long waits", async () => {
    const { client, emu, domain, sleeps } = await setup();
    emu.injectFault(domain, { type: "rate_limit", status: 429, retryAfter: new Date(Date.now() + 10_000).toUTCString() });
    emu.injectFault(domain, { type: "rate_limit", status: 429, retryAfter: "3600" });
    await client.fetchEmployees();
    expect(sleeps[0]).toBeGreaterThan(7_000);
    expect(sleeps[0]).toBeLessThanOrEqual(10_000);
    expect(sleeps[1]).toBe(60_000);
  });

  it("gives up with a rate-limit error after its attempts", async () => {
    const { client, emu, domain, calls } = await setup();
    emu.injectFault(domain, { type: "rate_limit", status: 429, retryAfter: "1" }, 10);
    const error = await caught(client.fetchEmployees());
    expect(error).toBeInstanceOf(BambooRateLimitError);
    expect(error.isConnectionFailure).toBe(true);
    expect(calls()).toBe(4);
  });

  it("retries 5xx with growing backoff, and 503 without Retry-After is a server error", async () => {
    const { client, emu, domain, sleeps, calls } = await setup();
    emu.injectFault(domain, { type: "server_error", status: 500 }, 2);
    emu.injectFault(domain, { type: "rate_limit", status: 503 });
    await client.fetchEmployees("reports");
    expect(calls()).toBe(4);
    expect(sleeps).toHaveLength(3);
    expect(sleeps[1]).toBeGreaterThan(sleeps[0]);
    emu.injectFault(domain, { type: "server_error", status: 502 }, 4);
    expect(await caught(client.fetchEmployees())).toBeInstanceOf(BambooServerError);
  });

  it("the timeout covers silences, not the whole download: a report that keeps coming arrives", async () => {
    const { emu, domain, key, company } = await setup({ size: 300 });
    const client = createBambooClient({
      subdomain: domain,
      apiKey: key,
      baseUrl: emu.url,
      timeoutMs: 300,
      retry: { ...fastRetry, attempts: 1 },
    });
    // 12 pieces 100 ms apart: 1.2 s in all, four times the timeout, never 300 ms of silence.
    emu.injectFault(domain, { type: "trickle", chunks: 12, everyMs: 100 });
    const started = Date.now();
    expect((await client.fetchEmployees()).employees).toHaveLength(company.employees.length);
    expect(Date.now() - started).toBeGreaterThan(1000);
  });

  it("an answer that keeps trickling past the download limit ends in words an admin can act on, and is not retried", async () => {
    const { emu, domain, key } = await setup({ size: 300 });
    const client = createBambooClient({
      subdomain: domain,
      apiKey: key,
      baseUrl: emu.url,
      timeoutMs: 300,
      downloadLimitMs: 600,
      retry: { ...fastRetry, attempts: 3, sleep: async () => void retries++ },
    });
    let retries = 0;
    // Never 300 ms of silence, but 2 s in all: past the 600 ms limit.
    emu.injectFault(domain, { type: "trickle", chunks: 20, everyMs: 100 }, 3);
    const error = await caught(client.fetchEmployees());
    expect(error).toBeInstanceOf(BambooTooSlowError);
    expect(error.message).toMatch(
      /^BambooHR's answer was still arriving after 1 seconds \(0\.\d MB received\), so this sync stopped waiting/,
    );
    expect(retries).toBe(0);
  });

  it("a connection that stalls mid-body times out, in words an admin can act on", async () => {
    const { emu, domain, key } = await setup({ size: 300 });
    const client = createBambooClient({
      subdomain: domain,
      apiKey: key,
      baseUrl: emu.url,
      timeoutMs: 1000,
      retry: { ...fastRetry, attempts: 1 },
    });
    emu.injectFault(domain, { type: "stall" });
    const error = await caught(client.fetchEmployees());
    expect(error).toBeInstanceOf(BambooNetworkError);
    expect(error.message).toBe(
      "BambooHR did not answer, or stopped sending its answer, for 1 seconds. The sync will try again later; if this keeps happening, check BambooHR's status, or raise BAMBOOHR_TIMEOUT_MS.",
    );
  });

  it("times out a slow answer as a network error", async () => {
    const { emu, domain, key } = await setup();
    const client = createBambooClient({
      subdomain: domain,
      apiKey: key,
      baseUrl: emu.url,
      timeoutMs: 150,
      retry: { ...fastRetry, attempts: 1 },
    });
    emu.injectFault(domain, { type: "slow", ms: 1000 });
    const error = await caught(client.fetchEmployees());
    expect(error).toBeInstanceOf(BambooNetworkError);
    expect((error as BambooNetworkError).timedOut).toBe(true);
  });

  it("reports unreachable hosts as network errors", async () => {
    const client = createBambooClient({
      subdomain: "acme",
      apiKey: "k",
      baseUrl: "http://127.0.0.1:9/api/gateway.php",
      retry: { ...fastRetry, attempts: 2 },
    });
    expect(await caught(client.fetchEmployees())).toBeInstanceOf(BambooNetworkError);
    expect(await client.testConnection()).toMatchObject({ ok: false, kind: "network" });
  });

  it.each(["malformed", "truncated", "html"] as const)("turns a %s body into a typed, retried error", async (type) => {
    const { client, emu, domain, company } = await setup();
    emu.injectFault(domain, { type });
    // A maintenance page or a cut body is BambooHR having a bad moment: retried like a 5xx, and a connection failure.
    expect((await client.fetchEmployees()).employees).toHaveLength(company.employees.length);
    emu.injectFault(domain, { type });
    const once = createBambooClient({
      subdomain: domain,
      apiKey: company.keys[0].key,
      baseUrl: emu.url,
      retry: { ...fastRetry, attempts: 1 },
    });
    const error = await caught(once.fetchEmployees());
    expect(error.retryable).toBe(true);
    expect(error.isConnectionFailure).toBe(true);
    expect(error).toBeInstanceOf(BambooMalformedResponseError);
    expect(error.message).toMatch(type === "html" ? /HTML or XML/ : /invalid or truncated JSON/);
  });

  it("keeps good records when one record is bad", async () => {
    const { client, company } = await setup({
      mutate: (c) => {
        (c.employees[0] as { id: string | null }).id = null;
        c.employees[1].terminationDate = "2021-02-30";
        c.employees[2].workEmail = "nobody-at-example";
      },
    });
    const snapshot = await client.fetchEmployees();
    expect(snapshot.employees).toHaveLength(19);
    expect(snapshot.problems).toEqual([{ id: null, reason: "The record has no BambooHR id." }]);
    const second = snapshot.employees.find((e) => e.id === company.employees[1].id)!;
    expect(second.terminationDate).toBeNull();
    expect(second.flags[0]).toMatch(/terminationDate: "2021-02-30" is not a valid date/);
    expect(snapshot.employees.find((e) => e.id === company.employees[2].id)!.flags[0]).toMatch(/not a valid e-mail/);
  });

  it.each(["evil.com/", "a@b", "..", "127.0.0.1:80", "a".repeat(64), "-acme", "acme-", "", "ac me", "acme/../x", "acme%2f"])(
    "rejects the subdomain %j before any request",
    async (subdomain) => {
      const emu = await emulator();
      const before = emu.requests.length;
      expect(() => createBambooClient({ subdomain, apiKey: "k", baseUrl: emu.url })).toThrow(BambooInvalidSubdomainError);
      expect(emu.requests.length).toBe(before);
    },
  );

  it("case-folds an uppercase subdomain", async () => {
    const { domain, key, emu } = await setup();
    const client = createBambooClient({ subdomain: domain.toUpperCase(), apiKey: key, baseUrl: emu.url });
    expect(client.subdomain).toBe(domain);
    expect(await client.testConnection()).toEqual({ ok: true });
  });
});

describe("[BAMBOOHR] emulator behaves like BambooHR", () => {
  const auth = (key: string) => "Basic " + Buffer.from(`${key}:x`).toString("base64");

  it("serves both URL forms", async () => {
    const { emu, domain, key } = await setup();
    for (const url of [`${emu.origin}/api/gateway.php/${domain}/v1/meta/fields`, `${emu.origin}/${domain}/v1/meta/fields`]) {
      const res = await fetch(url, { headers: { Accept: "application/json", Authorization: auth(key) } });
      expect(res.status).toBe(200);
      expect(Array.isArray(await res.json())).toBe(true);
    }
  });

  it("answers XML without Accept: application/json, 400 on a report without exact JSON content type", async () => {
    const { emu, domain, key } = await setup();
    const xml = await fetch(`${emu.url}/${domain}/v1/meta/fields`, { headers: { Authorization: auth(key) } });
    expect(xml.headers.get("content-type")).toContain("xml");
    expect(await xml.text()).toMatch(/^<\?xml/);
    const bad = await fetch(`${emu.url}/${domain}/v1/reports/custom?format=JSON`, {
      method: "POST",
      headers: { Accept: "application/json", Authorization: auth(key), "Content-Type": "application/json; charset=utf-8" },
      body: JSON.stringify({ fields: ["firstName"] }),
    });
    expect(bad.status).toBe(400);
  });

  it("answers 401 with X-BambooHR-Error-Message and writes empty dates as 0000-00-00", async () => {
    const { emu, domain, key } = await setup();
    const res = await fetch(`${emu.url}/${domain}/v1/meta/fields`, { headers: { Accept: "application/json" } });
    expect(res.status).toBe(401);
    expect(res.headers.get("x-bamboohr-error-message")).toBe("API key not provided or invalid");
    const report = await fetch(`${emu.url}/${domain}/v1/reports/custom?format=JSON&onlyCurrent=true`, {
      method: "POST",
      headers: { Accept: "application/json", Authorization: auth(key), "Content-Type": "application/json" },
      body: JSON.stringify({ fields: ["terminationDate", "status"] }),
    });
    const body = (await report.json()) as { employees: Array<{ status: string; terminationDate: string }> };
    expect(body.employees.some((e) => e.terminationDate === "0000-00-00")).toBe(true);
  });
});
