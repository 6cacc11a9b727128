import { z } from "zod";

// Zod schemas of BambooHR's responses. Records are parsed loosely here and field by field in normalize.ts,
// so that one bad record never fails the whole response.
const idLike = z.union([z.string(), z.number()]).transform(String);

export const reportResponseSchema = z.object({
  title: z.string().nullish(),
  fields: z.array(z.object({ id: idLike, type: z.string().nullish(), name: z.string().nullish() }).passthrough()),
  employees: z.array(z.unknown()),
});

export const metaListsSchema = z.array(
  z
    .object({
      fieldId: idLike.nullish(),
      alias: z.string().nullish(),
      name: z.string().nullish(),
      options: z
        .array(
          z
            .object({
              id: idLike,
              name: z.string(),
              archived: z.union([z.boolean(), z.enum(["yes", "no", "true", "false"])]).nullish(),
            })
            .passthrough(),
        )
        .default([]),
    })
    .passthrough(),
);

export const metaFieldsSchema = z.array(z.object({ id: idLike, name: z.string().nullish() }).passthrough());

export const changedEmployeesSchema = z.object({
  latest: z.string().nullish(),
  employees: z.record(z.string(), z.object({ id: idLike, action: z.string(), lastChanged: z.string() }).passthrough()).default({}),
});
export type ChangedEmployees = z.infer<typeof changedEmployeesSchema>;

/** One employee (`GET /v1/employees/{id}`): fields the key cannot see are left out. */
export const employeeRecordSchema = z.object({ id: idLike.optional() }).passthrough();

/** `GET /v1_2/datasets/{name}/fields`: the dataset's field names, a page at a time. */
export const datasetFieldsSchema = z.object({
  fields: z.array(z.object({ name: z.string(), label: z.string().nullish() }).passthrough()).default([]),
  pagination: z.object({ total_pages: z.coerce.number().nullish(), current_page: z.coerce.number().nullish() }).passthrough().nullish(),
});

/**
 * `POST /v2/datasets/{name}/data`: a page of rows, each with its values under `fields`. Rows are checked one by one
 * where they are read (as report records are), so that one bad row is a problem, not a failed page.
 */
export const datasetPageSchema = z.object({
  data: z.array(z.unknown()),
  meta: z
    .object({ page: z.coerce.number().nullish(), totalPages: z.coerce.number().nullish(), totalItems: z.coerce.number().nullish() })
    .passthrough()
    .nullish(),
  links: z.object({ next: z.string().nullish() }).passthrough().nullish(),
});

/** The employment statuses the product spec lists (the blocklist's choices when BambooHR's own list cannot be read). */
export const SPEC_EMPLOYMENT_STATUSES = [
  "Contractor",
  "Full Time",
  "Intern",
  "LOA",
  "Paid LOA",
  "Part-Time",
  "Pending New Hires",
  "Return From LOA",
  "Temp Agency Contractor",
  "Vendor Service Provider",
] as const;

/** The fields the sync asks for: every column of the spec's mapping, and what the rules need. */
export const REPORT_FIELDS = [
  "id",
  "employeeNumber",
  "workEmail",
  "firstName",
  "lastName",
  "preferredName",
  "jobTitle",
  "department",
  "supervisorEId",
  "supervisorId",
  "workPhone",
  "city",
  "location",
  "status",
  "employmentHistoryStatus",
  "terminationDate",
  "hireDate",
] as const;
export type ReportField = (typeof REPORT_FIELDS)[number];

/** One employee as BambooHR reports it: each report field by BambooHR's alias (the client's and the emulator's). */
export type BambooRecord = { id: string } & { [F in Exclude<ReportField, "id">]: string | null };
