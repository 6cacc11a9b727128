import { env } from "@/lib/env";

type Level = "debug" | "info" | "warn" | "error";
type Fields = Record<string, unknown>;

const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
// Keys whose values never reach a log line, at any depth.
const secretKey = /pass(word)?|secret|token|api[-_]?key|apikey|authorization|cookie|session|hash|ciphertext/i;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Fields = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = secretKey.test(k) ? "[redacted]" : redact(v, depth + 1);
  }
  return out;
}

function write(level: Level, msg: string, fields?: Fields) {
  const e = env();
  if (order[level] < order[e.LOG_LEVEL]) return;
  const record = { time: new Date().toISOString(), level, msg, ...(redact(fields ?? {}) as Fields) };
  const json = (e.LOG_FORMAT ?? (e.NODE_ENV === "production" ? "json" : "pretty")) === "json";
  const line = json
    ? JSON.stringify(record)
    : `${record.time} ${level.toUpperCase()} ${msg}${fields ? " " + JSON.stringify(redact(fields)) : ""}`;
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(line + "\n");
}

export const log = {
  debug: (msg: string, fields?: Fields) => write("debug", msg, fields),
  info: (msg: string, fields?: Fields) => write("info", msg, fields),
  warn: (msg: string, fields?: Fields) => write("warn", msg, fields),
  error: (msg: string, fields?: Fields) => write("error", msg, fields),
};
