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
