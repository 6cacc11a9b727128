// Where the end-to-end run keeps its state: a fresh PostgreSQL database beside DATABASE_URL's (default: the local
// server), of this run alone (`roster_e2e_<pid>`, playwright.config.ts), shared by the app under test and the tests'
// own fixtures, dropped after the run.
export function e2eDatabaseUrl(): string {
  const base = new URL(process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres");
  base.pathname = "/" + (process.env.E2E_DATABASE_NAME ?? "roster_e2e");
  return base.toString();
}

export function serverDatabaseUrl(): string {
  return process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
}

export const E2E_ENCRYPTION_KEY = "e2e:" + Buffer.alloc(32, 9).toString("base64");
export const E2E_AUTH_SECRET = "e2e-auth-secret-not-for-production-use-0123456789";
export const E2E_SETUP_TOKEN = "e2e-setup-token-0123456789";
