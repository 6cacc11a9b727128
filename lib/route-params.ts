import { z } from "zod";

// Route parameters, parsed one way for every page and route: malformed or out of range is "not found" (a page) or
// 404 (a route), never a database error.

export const uuidParam = z.string().uuid();
/** A page of a list: a whole number from 1 (absent: 1). Past the last page is the caller's not-found. */
export const pageParam = z.coerce.number().int().min(1).max(100_000).default(1);

/** The parsed parameter, or null when it is malformed or out of range. */
export function routeParam<S extends z.ZodType>(schema: S, value: unknown): z.output<S> | null {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
