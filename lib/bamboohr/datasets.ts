import type { z } from "zod";
import { datasetFieldsSchema, datasetPageSchema, REPORT_FIELDS } from "./api-types";
import { BambooError } from "./errors";

/**
 * The Datasets API (`/v2/datasets/employee/data`), BambooHR's successor of custom reports. Its field names
 * differ from the report's aliases, so each field of the mapping is found in the dataset's own field list:
 * by a known name first, then by BambooHR's label. Pages are read a few at a time and kept in order; a page that
 * fails (after the client's retries) fails the whole read, so that a partial snapshot is never applied.
 */
const EMPLOYEE_DATASET = "employee";
const DATASET_PAGE_SIZE = 1000;
/** Pages requested at once. A page that fails after its retries fails the read, whatever the others did. */
const DATASET_CONCURRENCY = 4;

type ReportField = (typeof REPORT_FIELDS)[number];

/** Where each field of the mapping may be found: names (exact) and labels (case-insensitive). */
const CANDIDATES: Record<ReportField, { names: string[]; labels: string[] }> = {
  id: { names: ["employeeId", "id", "eeid"], labels: ["Employee ID", "EEID", "ID"] },
  employeeNumber: { names: ["employeeNumber"], labels: ["Employee #", "Employee Number"] },
  workEmail: { names: ["workEmail", "email"], labels: ["Work Email"] },
  firstName: { names: ["firstName"], labels: ["First Name"] },
  lastName: { names: ["lastName"], labels: ["Last Name"] },
  preferredName: { names: ["preferredName"], labels: ["Preferred Name"] },
  jobTitle: { names: ["jobTitle", "jobInformationJobTitle"], labels: ["Job Title"] },
  department: { names: ["department", "jobInformationDepartment"], labels: ["Department"] },
  supervisorEId: {
    names: ["supervisorEId", "supervisorEid", "reportsToEmployeeId", "jobInformationReportsToId"],
    labels: ["Supervisor EID"],
  },
  supervisorId: { names: ["supervisorId", "reportsToEmployeeNumber"], labels: ["Supervisor ID"] },
  workPhone: { names: ["workPhone"], labels: ["Work Phone"] },
  city: { names: ["city", "homeCity"], labels: ["City"] },
  location: { names: ["location", "jobInformationLocation"], labels: ["Location"] },
  status: { names: ["status", "employeeStatus"], labels: ["Status"] },
  employmentHistoryStatus: {
    names: ["employmentHistoryStatus", "employmentStatus", "employmentStatusEmploymentStatus"],
    labels: ["Employment Status"],
  },
  terminationDate: { names: ["terminationDate", "employmentStatusTerminationDate"], labels: ["Termination Date"] },
  hireDate: { names: ["hireDate"], labels: ["Hire Date"] },
};

/** A dataset value as the report would give it: "Active"/"Inactive" in BambooHR's case, dates without a time. */
function asReportValue(alias: string, value: unknown): unknown {
  if (typeof value !== "string") return value;
  if (alias === "status") return /^active$/i.test(value.trim()) ? "Active" : /^inactive$/i.test(value.trim()) ? "Inactive" : value;
  if ((alias === "hireDate" || alias === "terminationDate") && /^\d{4}-\d{2}-\d{2}T/.test(value)) return value.slice(0, 10);
  return value;
}

/** The dataset cannot be used with this key (no access, no such dataset, fields we need absent): use reports. */
class DatasetUnavailableError extends Error {
  constructor(reason: string) {
    super(`The Datasets API cannot be used: ${reason}`);
    this.name = "DatasetUnavailableError";
  }
}

/** Failures that mean "not with this key or this account", not "BambooHR is having a bad moment". */
export function isDatasetUnavailable(error: unknown): boolean {
  if (error instanceof DatasetUnavailableError) return true;
  return error instanceof BambooError && ["no_permission", "company_not_found", "bad_request"].includes(error.kind);
}

/** Maps the report's aliases to the dataset's names; the ones not found are hidden (never written). */
export function resolveDatasetFields(fields: Array<{ name: string; label?: string | null }>) {
  const byName = new Map(fields.map((f) => [f.name, f.name]));
  const byLabel = new Map<string, string>();
  for (const f of fields) if (f.label && !byLabel.has(f.label.toLowerCase())) byLabel.set(f.label.toLowerCase(), f.name);
  const resolved = new Map<ReportField, string>();
  const taken = new Set<string>();
  for (const field of REPORT_FIELDS) {
    const { names, labels } = CANDIDATES[field];
    const name =
      names.map((n) => byName.get(n)).find((n) => n && !taken.has(n)) ??
      labels.map((l) => byLabel.get(l.toLowerCase())).find((n) => n && !taken.has(n));
    if (name) {
      resolved.set(field, name);
      taken.add(name);
    }
  }
  return resolved;
}

type RequestJson = <S extends z.ZodType>(path: string, schema: S, init?: { method?: string; body?: unknown }) => Promise<z.output<S>>;

/** Every employee through the dataset, as records keyed like the custom report's. */
export async function fetchFromDataset({ requestJson }: { requestJson: RequestJson }) {
  const fields: Array<{ name: string; label?: string | null }> = [];
  for (let page = 1; page <= 50; page++) {
    const answer = await requestJson(`/v1_2/datasets/${EMPLOYEE_DATASET}/fields?page=${page}&page_size=1000`, datasetFieldsSchema);
    fields.push(...answer.fields);
    const total = answer.pagination?.total_pages ?? 1;
    if (page >= total || answer.fields.length === 0) break;
  }
  const resolved = resolveDatasetFields(fields);
  if (!resolved.has("id")) throw new DatasetUnavailableError("the employee dataset has no employee id field.");
  if (!resolved.has("status") && !resolved.has("workEmail"))
    throw new DatasetUnavailableError("the key sees neither Status nor Work Email there.");
  const names = [...resolved.values()];
  const fieldsOf = [...resolved].map(([alias, name]) => ({ alias, name, returned: false }));

  const fetchPage = (page: number) =>
    requestJson(`/v2/datasets/${EMPLOYEE_DATASET}/data`, datasetPageSchema, {
      method: "POST",
      body: { fields: names, page, pageSize: DATASET_PAGE_SIZE },
    });
  /** A page's rows, keyed like the report's records (the fields of the mapping only, looked up by name). */
  const recordsOf = (data: unknown[]) =>
    data.map((row) => {
      const record: Record<string, unknown> = {};
      const values = (row as { fields?: unknown } | null)?.fields;
      if (!values || typeof values !== "object") return record; // no values at all: reported as a record without an id
      for (const field of fieldsOf) {
        if (!Object.hasOwn(values, field.name)) continue;
        record[field.alias] = asReportValue(field.alias, (values as Record<string, unknown>)[field.name]);
        field.returned = true;
      }
      return record;
    });

  const first = await fetchPage(1);
  const pages: Array<Array<Record<string, unknown>>> = [recordsOf(first.data)];
  const totalPages = first.meta?.totalPages;
  if (totalPages != null) {
    // The page count is known: the other pages a few at a time (each over a round trip to BambooHR), kept in order.
    let next = 2;
    let failed = false;
    const worker = async () => {
      while (next <= totalPages && !failed) {
        const page = next++;
        try {
          pages[page - 1] = recordsOf((await fetchPage(page)).data);
        } catch (error) {
          failed = true; // the others stop asking
          throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(DATASET_CONCURRENCY, totalPages - 1) }, worker));
  } else {
    // No count: follow `links.next` one page after another.
    for (let page = 2, last = first; last.links?.next && last.data.length > 0; page++) {
      last = await fetchPage(page);
      pages.push(recordsOf(last.data));
    }
  }
  const rows = pages.flat();
  // A field the dataset lists but never returned for anyone is hidden from this key, as in a report.
  const returned = new Set(fieldsOf.filter((f) => f.returned).map((f) => f.alias));
  const missingFields = REPORT_FIELDS.filter((f) => f !== "id" && (!resolved.has(f) || (rows.length > 0 && !returned.has(f))));
  return { rows, missingFields };
}
