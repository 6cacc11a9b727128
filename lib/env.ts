import { z } from "zod";

// One validated view of process.env. Read lazily so that tests and scripts can set variables first.
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url().optional(),
  PGLITE_DIR: z.string().default(".data/pglite"),
  AUTH_SECRET: z.string().min(16).optional(),
  APP_URL: z.string().url().default("http://localhost:3000"),
  ENCRYPTION_KEY: z.string().optional(),
  BAMBOOHR_BASE_URL: z.string().url().default("https://api.bamboohr.com/api/gateway.php"),
  BAMBOOHR_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("Roster <roster@localhost>"),
  INNGEST_DEV: z.string().optional(),
  INNGEST_EVENT_KEY: z.string().optional(),
  INNGEST_SIGNING_KEY: z.string().optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
});

export type Env = z.infer<typeof envSchema>;

export function env(): Env {
  // An empty variable counts as unset (DATABASE_URL= falls back to PGlite).
  const set = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ""));
  const parsed = envSchema.safeParse(set);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join(".")).join(", ");
    // Never echo values: they may be secrets.
    throw new Error(`Invalid environment variables: ${fields}`);
  }
  return parsed.data;
}

export function inngestConfigured(): boolean {
  const e = env();
  return Boolean(e.INNGEST_DEV || e.INNGEST_EVENT_KEY);
}
