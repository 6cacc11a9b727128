/** The codes along an error's chain of causes (postgres.js's and PGlite's errors, however the ORM wraps them). */
export function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
  }
  return codes;
}

/** A row that would take a value a unique index already holds (an e-mail, a BambooHR id): SQLSTATE 23505. */
export const isUniqueViolation = (error: unknown): boolean => errorCodes(error).includes("23505");
