import type { z } from "zod";
import { fetchFromDataset, isDatasetUnavailable } from "./datasets";
import { createdWebhookSchema, monitorFieldsSchema, webhookListSchema, type CreatedWebhook, type WebhookInput } from "./webhooks";
import {
  changedEmployeesSchema,
  employeeRecordSchema,
  metaFieldsSchema,
  metaListsSchema,
  REPORT_FIELDS,
  reportResponseSchema,
  type ChangedEmployees,
} from "./api-types";
import {
  BambooAuthError,
  BambooBadRequestError,
  BambooError,
  BambooMalformedResponseError,
  BambooNetworkError,
  BambooNotFoundError,
  BambooPermissionError,
  BambooRateLimitError,
  BambooServerError,
  BambooTooSlowError,
} from "./errors";
import { normalizeEmployee, type BambooEmployee, type RecordProblem } from "./normalize";
import { defaultRetryPolicy, parseRetryAfter, withRetry, type RetryPolicy } from "./retry";
import { validateSubdomain } from "./subdomain";
import { env } from "@/lib/env";

export type BambooClientOptions = {
  subdomain: string;
  apiKey: string;
  baseUrl?: string;
  timeoutMs?: number;
  /** The most a whole answer may take, however steadily it arrives. */
  downloadLimitMs?: number;
  retry?: Partial<RetryPolicy>;
};

export type EmployeeSource = "datasets" | "reports";

export type EmployeeSnapshot = {
  employees: BambooEmployee[];
  problems: RecordProblem[];
  /** Requested fields the response lacked: the key's permissions hide them. */
  missingFields: string[];
  /** The API that answered. */
  source: EmployeeSource | "employees";
};

/** Normalizes raw records; each is let go once read, so that a large answer is not held twice over at the end. */
function normalizeAll(raws: unknown[], missingFields: string[]) {
  const employees: BambooEmployee[] = [];
  const problems: RecordProblem[] = [];
  for (let i = 0; i < raws.length; i++) {
    const result = normalizeEmployee(raws[i]);
    raws[i] = null;
    if ("employee" in result) employees.push(result.employee);
    else problems.push(result.problem);
  }
  return { employees, problems, missingFields };
}

/**
 * The body as text, calling `progress` on every chunk (which re-arms the idle timeout). An abort ends the wait
 * for the next chunk at once, even where the stream itself would not notice it.
 */
async function readBody(response: Response, progress: (bytes: number) => void, signal: AbortSignal): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const aborted = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(new Error("aborted"));
    signal.addEventListener("abort", () => reject(new Error("aborted")), { once: true });
  });
  aborted.catch(() => {});
  const decoder = new TextDecoder();
  const parts: string[] = [];
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), aborted]);
      if (done) break;
      progress(value.byteLength);
      parts.push(decoder.decode(value, { stream: true }));
    }
  } finally {
    reader.cancel().catch(() => {});
  }
  parts.push(decoder.decode());
  return parts.join("");
}

/** The reason a 4xx body gives (BambooHR's webhook and dataset errors are JSON), in at most 200 characters. */
function errorInBody(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { errors?: unknown; detail?: unknown; message?: unknown; title?: unknown };
    const errors = body.errors && typeof body.errors === "object" ? Object.values(body.errors as object).flat() : [];
    const reason = [...errors, body.detail, body.message, body.title].find((v) => typeof v === "string" && v.trim());
    return typeof reason === "string" ? reason.trim().slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}

export type EmploymentStatus = { id: string; name: string; archived: boolean };

export type ConnectionResult = { ok: true } | { ok: false; kind: BambooError["kind"]; message: string };

export type BambooClient = ReturnType<typeof createBambooClient>;

export function createBambooClient(options: BambooClientOptions) {
  // Validated before anything else: no request is ever made to a subdomain that could redirect it elsewhere.
  const subdomain = validateSubdomain(options.subdomain);
  const config = env();
  const base = (options.baseUrl ?? config.BAMBOOHR_BASE_URL).replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? config.BAMBOOHR_TIMEOUT_MS;
  const downloadLimitMs = options.downloadLimitMs ?? config.BAMBOOHR_DOWNLOAD_LIMIT_MS;
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const authorization = "Basic " + Buffer.from(`${options.apiKey}:x`).toString("base64");

  /** `path` is relative to `/v1/`, or versioned from the company's root when it starts with `/` (`/v2/datasets/...`). */
  async function requestOnce(path: string, init: { method?: string; body?: unknown }): Promise<string> {
    const headers: Record<string, string> = { Accept: "application/json", Authorization: authorization };
    if (init.body !== undefined) headers["Content-Type"] = "application/json";
    // The timeout covers the wait for the answer and every silence within it, not the whole download:
    // a large report over a slow line arrives, a connection that stalls mid-body does not hang the sync.
    // A far longer limit covers the whole answer, so that a trickle that never ends cannot hold a run open.
    const controller = new AbortController();
    let timedOut = false;
    let tooSlow = false;
    let received = 0;
    let timer: NodeJS.Timeout | undefined;
    const arm = (bytes = 0) => {
      received += bytes;
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
    };
    const limit = setTimeout(() => {
      tooSlow = true;
      controller.abort();
    }, downloadLimitMs);
    let response: Response;
    let text: string;
    try {
      arm();
      response = await fetch(`${base}/${subdomain}${path.startsWith("/") ? path : `/v1/${path}`}`, {
        method: init.method ?? "GET",
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: controller.signal,
        redirect: "error",
      });
      text = await readBody(response, arm, controller.signal);
    } catch {
      if (tooSlow) throw new BambooTooSlowError(downloadLimitMs, received);
      throw new BambooNetworkError(timedOut, Math.round(timeoutMs / 1000));
    } finally {
      clearTimeout(timer);
      clearTimeout(limit);
    }
    if (response.ok) return text;
    const detail = response.headers.get("x-bamboohr-error-message") ?? undefined;
    const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
    switch (response.status) {
      case 401:
        throw new BambooAuthError(detail);
      case 403:
        throw new BambooPermissionError();
      case 404:
        throw new BambooNotFoundError();
      case 429:
        throw new BambooRateLimitError(429, retryAfter);
      case 503:
        // 503 with Retry-After is throttling; without it, the service is down.
        if (retryAfter !== null) throw new BambooRateLimitError(503, retryAfter);
        throw new BambooServerError(503);
    }
    if (response.status >= 500) throw new BambooServerError(response.status);
    throw new BambooBadRequestError(response.status, detail ?? errorInBody(text));
  }

  const requestOnceWithRetry = (path: string, init: { method?: string; body?: unknown }) =>
    withRetry(() => requestOnce(path, init), policy);

  async function requestJson<S extends z.ZodType>(
    path: string,
    schema: S,
    init: { method?: string; body?: unknown } = {},
  ): Promise<z.output<S>> {
    return withRetry(async () => {
      const text = await requestOnce(path, init);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        const kind = /^\s*</.test(text) ? "an HTML or XML page instead of JSON" : "invalid or truncated JSON";
        throw new BambooMalformedResponseError(kind);
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) throw new BambooMalformedResponseError("unexpected JSON shape");
      return parsed.data;
    }, policy);
  }

  return {
    subdomain,

    /**
     * Every employee, current and former, with the fields of the mapping; bad records are problems, not throws.
     * Through the Datasets API when the key can use it, else (or when `source` says so) a custom report.
     */
    async fetchEmployees(source: EmployeeSource | "auto" = "auto"): Promise<EmployeeSnapshot> {
      if (source !== "reports") {
        const fromDataset = await fetchFromDataset({ requestJson }).catch((error: unknown) => {
          // The key cannot use the Datasets API (or it lacks the fields we need): custom reports instead.
          if (source === "auto" && isDatasetUnavailable(error)) return null;
          throw error;
        });
        if (fromDataset) return { ...normalizeAll(fromDataset.rows, fromDataset.missingFields), source: "datasets" };
      }
      const report = await requestJson("reports/custom?format=JSON&onlyCurrent=true", reportResponseSchema, {
        method: "POST",
        body: { title: "Roster sync", fields: REPORT_FIELDS },
      });
      const returned = new Set(report.fields.map((f) => f.id));
      const missingFields = REPORT_FIELDS.filter((f) => f !== "id" && !returned.has(f));
      return { ...normalizeAll(report.employees, missingFields), source: "reports" };
    },

    /**
     * Some employees, one request each (a targeted sync). An id BambooHR no longer knows is listed in `notFound`
     * (the nightly full sync decides about absent people); a field missing from any answer counts as hidden.
     */
    async fetchEmployeesById(ids: readonly string[], concurrency = 4): Promise<EmployeeSnapshot & { notFound: string[] }> {
      const query = `fields=${REPORT_FIELDS.filter((f) => f !== "id").join(",")}&onlyCurrent=true`;
      const raws: unknown[] = [];
      const notFound: string[] = [];
      const missing = new Set<string>();
      let next = 0;
      const worker = async () => {
        while (next < ids.length) {
          const id = ids[next++];
          try {
            const raw = await requestJson(`employees/${encodeURIComponent(id)}?${query}`, employeeRecordSchema);
            for (const f of REPORT_FIELDS) if (f !== "id" && !(f in raw)) missing.add(f);
            raws.push({ ...raw, id: raw.id ?? id });
          } catch (error) {
            if (error instanceof BambooNotFoundError) notFound.push(id);
            else throw error;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
      return { ...normalizeAll(raws, [...missing]), source: "employees", notFound };
    },

    /** The fields BambooHR lets a webhook monitor (aliases, or ids where a field has none). */
    async fetchWebhookMonitorFields(): Promise<string[]> {
      const answer = await requestJson("webhooks/monitor_fields", monitorFieldsSchema);
      return answer.fields.map((f) => f.alias ?? f.id);
    },

    /** Creates a webhook; its private key is in this answer only. */
    async createWebhook(input: WebhookInput): Promise<CreatedWebhook> {
      return requestJson("webhooks", createdWebhookSchema, { method: "POST", body: input });
    },

    /** The webhooks of the key's user: id and the address each posts to. */
    async listWebhooks(): Promise<Array<{ id: string; url: string | null }>> {
      const answer = await requestJson("webhooks", webhookListSchema);
      return answer.webhooks.map((w) => ({ id: w.id, url: w.url ?? null }));
    },

    /** Deletes a webhook; one BambooHR no longer has counts as deleted. */
    async deleteWebhook(id: string): Promise<void> {
      try {
        await requestOnceWithRetry(`webhooks/${encodeURIComponent(id)}`, { method: "DELETE" });
      } catch (error) {
        if (!(error instanceof BambooNotFoundError)) throw error;
      }
    },

    /** The company's own employment statuses (the choices of the activation blocklist). */
    async fetchEmploymentStatuses(): Promise<EmploymentStatus[]> {
      const lists = await requestJson("meta/lists", metaListsSchema);
      const list = lists.find((l) => l.alias === "employmentHistoryStatus");
      return (list?.options ?? []).map((o) => ({
        id: o.id,
        name: o.name.trim(),
        archived: o.archived === true || o.archived === "yes" || o.archived === "true",
      }));
    },

    async fetchChangedSince(since: Date): Promise<ChangedEmployees> {
      const query = new URLSearchParams({ since: since.toISOString().replace(/\.\d{3}Z$/, "Z"), type: "all" });
      return requestJson(`employees/changed?${query}`, changedEmployeesSchema);
    },

    /** A cheap authenticated call, answered with what an admin needs to know. Never throws. */
    async testConnection(): Promise<ConnectionResult> {
      try {
        await requestJson("meta/fields", metaFieldsSchema);
        return { ok: true };
      } catch (error) {
        if (error instanceof BambooError) return { ok: false, kind: error.kind, message: error.message };
        return { ok: false, kind: "network", message: "Could not reach BambooHR." };
      }
    },
  };
}
