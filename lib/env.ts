import { z } from "zod";
import { parseKeys } from "@/lib/crypto/keyring";

// One validated view of process.env: read at boot (instrumentation.ts) and by every script, which refuse to
// start with a message naming the variable and the form it needs. Never echoes a value: it may be a secret.
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url("a postgres:// connection URL").optional(),
  /** Where the embedded database and the generated development secrets live (default `.data` in the working directory). */
  ROSTER_DATA_DIR: z.string().default(".data"),
  PGLITE_DIR: z.string().optional(),
  AUTH_SECRET: z.string().min(32, "at least 32 characters (openssl rand -base64 32)").optional(),
  APP_URL: z.string().url("an absolute URL such as https://roster.example.com").default("http://localhost:3000"),
  ENCRYPTION_KEY: z
    .string()
    .refine((v) => {
      try {
        parseKeys(v);
        return true;
      } catch {
        return false;
      }
    }, "id:base64 of 32 bytes, comma-separated for rotation (k1:$(openssl rand -base64 32))")
    .optional(),
  BAMBOOHR_BASE_URL: z.string().url("an absolute URL").default("https://api.bamboohr.com/api/gateway.php"),
  BAMBOOHR_TIMEOUT_MS: z.coerce
    .number()
    .int("a whole number of milliseconds")
    .positive("a positive number of milliseconds")
    .default(30_000),
  BAMBOOHR_DOWNLOAD_LIMIT_MS: z.coerce
    .number()
    .int("a whole number of milliseconds")
    .positive("a positive number of milliseconds")
    .default(15 * 60_000),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("Roster <roster@localhost>"),
  INNGEST_DEV: z.string().optional(),
  INNGEST_EVENT_KEY: z.string().optional(),
  INNGEST_SIGNING_KEY: z.string().optional(),
  /** The demo (`npm run demo`): `next start` with generated secrets and the open first-setup page. */
  ROSTER_DEMO: z.enum(["1", "true"]).optional(),
  ROSTER_ALLOW_LOCAL_SECRETS: z.string().optional(),
  SETUP_TOKEN: z.string().min(16, "at least 16 characters").optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** `/api/metrics` answers only with `Authorization: Bearer <this>`; unset, the route does not exist (404). */
  METRICS_TOKEN: z.string().min(16, "at least 16 characters").optional(),
  LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
  /** Proxies in front of Roster that append to X-Forwarded-For (0: the header is not read at all). */
  TRUSTED_PROXIES: z.coerce.number().int("a whole number of proxy hops").min(0, "0 or more").max(10, "at most 10").default(0),
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Roster cannot start: ${problems.join("; ")}. See README: Configuration.`);
    this.name = "ConfigError";
  }
}

/** Production is `next start` outside the demo: secrets must be given, setup needs its token, dev tools are refused. */
export const isProduction = (e: Env) => e.NODE_ENV === "production" && !e.ROSTER_DEMO;

function parse(): Env {
  // An empty variable counts as unset (DATABASE_URL= falls back to PGlite).
  const set = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ""));
  const parsed = envSchema.safeParse(set);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")} must be ${i.message}`));
  }
  const e = parsed.data;
  if (isProduction(e)) {
    const problems: string[] = [];
    if (!e.AUTH_SECRET) problems.push("AUTH_SECRET must be set in production");
    if (!e.ENCRYPTION_KEY) problems.push("ENCRYPTION_KEY must be set in production");
    if (e.ROSTER_ALLOW_LOCAL_SECRETS)
      problems.push("ROSTER_ALLOW_LOCAL_SECRETS is not accepted in production (set AUTH_SECRET and ENCRYPTION_KEY)");
    if (e.INNGEST_DEV) problems.push("INNGEST_DEV must not be set in production (it trusts an unauthenticated local dev server)");
    if (problems.length) throw new ConfigError(problems);
  }
  return e;
}

const NAMES = Object.keys(envSchema.shape);
let cached: { source: string; env: Env } | undefined;

/** The configuration, parsed once (again only if one of its variables changed: tests and scripts set some first). */
export function env(): Env {
  const source = NAMES.map((name) => process.env[name] ?? "").join("\0");
  if (cached?.source !== source) cached = { source, env: parse() };
  return cached.env;
}

export function inngestConfigured(): boolean {
  const e = env();
  return Boolean(e.INNGEST_DEV || e.INNGEST_EVENT_KEY);
}
