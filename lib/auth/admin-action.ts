import { headers } from "next/headers";
import { z } from "zod";
import { getDb, type Db } from "@/lib/db";
import { withRequestLog } from "@/lib/log/request";
import { requireAdmin, type AdminContext } from "./session";

/** What every admin action answers: the outcome in words for the admin, the fields to correct, what was typed. */
export type ActionResult =
  { ok: true; message?: string } | { ok: false; error?: string; fieldErrors?: Record<string, string>; values?: Record<string, string> };

export type ActionContext = { admin: AdminContext; db: Db };

/** An action's input is left out when its schema accepts nothing. */
type Args<S extends z.ZodType> = undefined extends z.input<S> ? [input?: z.input<S>] : [input: z.input<S>];
type Refused = { ok: false; error: string; fieldErrors?: Record<string, string> };

/** Typed fields never sent back to the browser, even to refill a form. */
const SECRET_FIELDS = new Set(["apiKey", "privateKey", "password", "oidcClientSecret"]);

/** Zod's own flattening, one message per field. */
function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const flat = z.flattenError(error).fieldErrors as Record<string, string[] | undefined>;
  return Object.fromEntries(Object.entries(flat).flatMap(([field, messages]) => (messages?.length ? [[field, messages[0]]] : [])));
}

/**
 * An admin server action: the session and the admin role first (a page redirect otherwise), then the input parsed
 * with `schema`, then `run` with the admin and the database; every query in `run` is scoped to `admin.organizationId`.
 * What `run` logs (and any sync it starts) carries the request's id.
 */
export function adminAction<S extends z.ZodType, R extends { ok: boolean }>(
  schema: S,
  run: (input: z.output<S>, ctx: ActionContext) => Promise<R>,
): (...args: Args<S>) => Promise<R | Refused> {
  return async (...[input]: Args<S>) => {
    const admin = await requireAdmin();
    const parsed = schema.safeParse(input);
    if (!parsed.success) return { ok: false, error: "Invalid request.", fieldErrors: fieldErrorsOf(parsed.error) };
    const db = await getDb();
    return withRequestLog(await headers(), () => run(parsed.data, { admin, db }));
  };
}

/**
 * The same for a form (`useActionState`): `fields` reads the form into the schema's input. A refusal brings back what
 * was typed (never a secret), so the form shows it.
 */
export function adminFormAction<S extends z.ZodType>(
  schema: S,
  fields: (form: FormData) => z.input<S>,
  run: (input: z.output<S>, ctx: ActionContext) => Promise<ActionResult>,
): (previous: ActionResult | null, form: FormData) => Promise<ActionResult> {
  return async (_previous, form) => {
    const admin = await requireAdmin();
    const values = Object.fromEntries(
      [...form.entries()].flatMap(([name, value]) => (typeof value === "string" && !SECRET_FIELDS.has(name) ? [[name, value]] : [])),
    );
    const parsed = schema.safeParse(fields(form));
    if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error), values };
    const db = await getDb();
    const result = await withRequestLog(await headers(), () => run(parsed.data, { admin, db }));
    return result.ok ? result : { values, ...result };
  };
}
