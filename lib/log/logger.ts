import { AsyncLocalStorage } from "node:async_hooks";
import { createRequire } from "node:module";
import path from "node:path";
import pino, { type DestinationStream, type Logger } from "pino";
import { env } from "@/lib/env";

type Fields = Record<string, unknown>;

/** Keys whose values never reach a log line, at the top and two levels down (pino's redaction, by path). */
const SECRET_KEYS = [
  "password",
  "passwordHash",
  "apiKey",
  "apiKeySealed",
  "privateKey",
  "secret",
  "clientSecret",
  "token",
  "accessToken",
  "refreshToken",
  "idToken",
  "authorization",
  "Authorization",
  "cookie",
  "Cookie",
  "session",
  "sessionToken",
  // An e-mail's body (a sign-in link, a person's data).
  "text",
  "html",
];
const REDACTED_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

/** What every line of a request, or of a sync run, carries: its request id, its run id. */
export type LogContext = { requestId?: string; runId?: string };

// Per process, not per bundle: Next.js bundles instrumentation and the app apart.
const shared = globalThis as unknown as { __rosterLogContext?: AsyncLocalStorage<LogContext>; __rosterLogger?: Logger };
const context = (shared.__rosterLogContext ??= new AsyncLocalStorage<LogContext>());

/** Runs `fn` with these ids on every line it logs (added to the ids of the context it runs in). */
export function withLogContext<T>(ids: LogContext, fn: () => T): T {
  return context.run({ ...context.getStore(), ...ids }, fn);
}

/** The ids of the present context (a run started by a request keeps its request id). */
export const logContext = (): LogContext => context.getStore() ?? {};

function settings() {
  try {
    const e = env();
    return { level: e.LOG_LEVEL, pretty: (e.LOG_FORMAT ?? (e.NODE_ENV === "production" ? "json" : "pretty")) === "pretty" };
  } catch {
    // A configuration the server refuses is reported through this logger too.
    return { level: "info", pretty: false };
  }
}

/**
 * Human-readable lines in development (pino-pretty, a development dependency: absent from the production image, which
 * writes JSON). JSON goes to stdout, warnings and errors to stderr (a script's own output stays clean on stdout), both
 * through the process's streams, whose errors are heard (lib/jobs/shutdown.ts): a closed pipe costs lines, not the
 * server.
 */
function destination(pretty: boolean): DestinationStream {
  if (pretty) {
    try {
      // Resolved from the working directory's node_modules at run time, never bundled.
      const prettyStream = createRequire(path.join(process.cwd(), "package.json"))("pino-pretty") as (o: object) => DestinationStream;
      return prettyStream({ sync: true, destination: process.stdout, ignore: "pid,hostname" });
    } catch {
      // not installed: JSON
    }
  }
  return pino.multistream(
    [
      { level: "trace", stream: process.stdout },
      { level: "warn", stream: process.stderr },
    ],
    { dedupe: true },
  );
}

/** A logger of Roster's shape on any stream (tests read what it writes). */
export function createLogger(stream?: DestinationStream, level?: string): Logger {
  const s = settings();
  return pino(
    {
      level: level ?? s.level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      messageKey: "msg",
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      serializers: { error: pino.stdSerializers.err, err: pino.stdSerializers.err },
      mixin: () => ({ ...context.getStore() }),
    },
    stream ?? destination(s.pretty),
  );
}

/** The process's logger (tests may replace it to read its lines). */
export function setLogger(logger: Logger | undefined) {
  shared.__rosterLogger = logger;
}

const current = () => (shared.__rosterLogger ??= createLogger());

/** One JSON line per event: `log.info("sync run finished", { runId, ... })`. */
export const log = {
  debug: (msg: string, fields?: Fields) => current().debug(fields ?? {}, msg),
  info: (msg: string, fields?: Fields) => current().info(fields ?? {}, msg),
  warn: (msg: string, fields?: Fields) => current().warn(fields ?? {}, msg),
  error: (msg: string, fields?: Fields) => current().error(fields ?? {}, msg),
};
