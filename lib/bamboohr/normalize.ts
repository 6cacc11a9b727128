import { z } from "zod";
import { cleanText } from "@/lib/text";
import type { BambooRecord } from "./api-types";

// One BambooHR employee record, normalised on its own: trimmed strings, nulls for the vendor's many
// spellings of "empty", dates checked. Flags say what was wrong without losing the record.
export type BambooEmployee = BambooRecord & {
  /** What was wrong with a field, e.g. `workEmail: "not an e-mail" is not a valid e-mail address`. */
  flags: string[];
};

export type RecordProblem = { id: string | null; reason: string };

const emailSchema = z.string().email();
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const EMPTY_DATES = new Set(["", "0000-00-00"]);

/** Characters PostgreSQL cannot store, or a person cannot read, were removed from this field. */
const CLEANED = "control characters or broken Unicode were removed";

/**
 * A text field: trimmed, null when empty, and storable (see lib/text.ts). `flags`, when given, hears of a field that
 * had to be cleaned; without it a field that needs cleaning is refused (null).
 */
export function normalizeText(value: unknown, field = "", flags?: string[]): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value !== "string") return null;
  const { text, changed } = cleanText(value);
  if (changed) {
    if (!flags) return null;
    flags.push(`${field}: ${CLEANED}`);
  }
  const trimmed = text.trim();
  return trimmed === "" ? null : trimmed;
}

function isRealDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** `""`, null and `"0000-00-00"` mean "no date"; anything else must be a real YYYY-MM-DD. */
export function normalizeDate(value: unknown, field: string, flags: string[]): string | null {
  const text = typeof value === "string" ? value.trim() : value;
  if (text === null || text === undefined || (typeof text === "string" && EMPTY_DATES.has(text))) return null;
  if (typeof text === "string" && isRealDate(text)) return text;
  flags.push(`${field}: ${JSON.stringify(text)} is not a valid date`);
  return null;
}

function normalizeEmail(value: unknown, flags: string[]): string | null {
  // An address is never repaired: one with characters that cannot be stored is not an address.
  const text = typeof value === "string" ? value.trim() || null : normalizeText(value);
  if (text === null) return null;
  if (!emailSchema.safeParse(text).success) {
    flags.push(`workEmail: ${JSON.stringify(text)} is not a valid e-mail address`);
    return null;
  }
  return text;
}

export function normalizeEmployee(raw: unknown): { employee: BambooEmployee } | { problem: RecordProblem } {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { problem: { id: null, reason: "The record is not an object." } };
  }
  const r = raw as Record<string, unknown>;
  // An id is never repaired either: cleaned, it could be another employee's.
  const id = normalizeText(r.id);
  if (id === null && typeof r.id === "string" && r.id.trim() !== "")
    return { problem: { id: null, reason: "The BambooHR id has control characters or broken Unicode; the record was not read." } };
  if (!id) return { problem: { id: null, reason: "The record has no BambooHR id." } };
  if (id.length > 64) return { problem: { id: id.slice(0, 64), reason: "The BambooHR id is longer than 64 characters." } };
  const flags: string[] = [];
  const t = (key: string) => normalizeText(r[key], key, flags);
  return {
    employee: {
      id,
      employeeNumber: t("employeeNumber"),
      workEmail: normalizeEmail(r.workEmail, flags),
      firstName: t("firstName"),
      lastName: t("lastName"),
      preferredName: t("preferredName"),
      jobTitle: t("jobTitle"),
      department: t("department"),
      supervisorEId: t("supervisorEId"),
      supervisorId: t("supervisorId"),
      workPhone: t("workPhone"),
      city: t("city"),
      location: t("location"),
      status: t("status"),
      employmentHistoryStatus: t("employmentHistoryStatus"),
      terminationDate: normalizeDate(r.terminationDate, "terminationDate", flags),
      hireDate: normalizeDate(r.hireDate, "hireDate", flags),
      flags,
    },
  };
}
