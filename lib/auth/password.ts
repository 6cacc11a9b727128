import { hash, verify } from "@node-rs/bcrypt";
import { dictionary } from "@zxcvbn-ts/language-common";
import { z } from "zod";

const ROUNDS = 11;
/** bcrypt reads only the first 72 bytes: a longer password would be accepted with any ending. */
const PASSWORD_MAX_BYTES = 72;
const HASHING_AT_ONCE = 2;

// Hashes run on libuv's pool (native bcrypt), a few at a time: a burst of sign-ins waits here, and the pages,
// the database and the health check keep their threads.
let running = 0;
const waiting: Array<() => void> = [];
async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= HASHING_AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export function hashPassword(password: string): Promise<string> {
  return limited(() => hash(password, ROUNDS));
}

export function verifyPassword(password: string, passwordHash: string): Promise<boolean> {
  return limited(() => verify(password, passwordHash)).catch(() => false);
}

export const fitsBcrypt = (password: string) => Buffer.byteLength(password, "utf8") <= PASSWORD_MAX_BYTES;

let common: Set<string> | undefined;
/** One of the most common passwords (zxcvbn-ts's list), in any case. */
function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary["passwords-common"].map((p) => p.toLowerCase()));
  return common.has(password.toLowerCase());
}

/** A password someone chooses: long enough, not longer than bcrypt reads, not one attackers try first. */
export const newPasswordSchema = z
  .string()
  .min(10, "Use at least 10 characters.")
  .refine(fitsBcrypt, `Use at most ${PASSWORD_MAX_BYTES} bytes (about ${PASSWORD_MAX_BYTES} letters; fewer with accents or emoji).`)
  .refine((p) => !isCommonPassword(p), "This password is one of the most common ones; choose another.");
