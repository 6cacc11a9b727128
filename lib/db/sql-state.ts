/** The SQLSTATE of a failed query (PostgreSQL's, through postgres.js or PGlite, however the ORM wraps it), or null. */
export function sqlState(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return null;
}

/** A row that would take a value a unique index already holds (an e-mail, a BambooHR id). */
export const isUniqueViolation = (error: unknown): boolean => sqlState(error) === "23505";
