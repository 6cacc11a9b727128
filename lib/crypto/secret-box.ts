import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { env } from "@/lib/env";
import { parseKeys, type Key } from "./keyring";
import { localSecret } from "./local-secret";

// AES-256-GCM with the keys of ENCRYPTION_KEY (keyring.ts). Sealed form: "v2:<id>:<iv>:<tag>:<ciphertext>", base64 parts, bound to a
// context (associated data, e.g. the organization and integration it belongs to): a sealed value copied to
// another row does not open there. "v1" values (no context) from before still open, and `npm run secrets:rotate`
// re-seals them.
const TAG_BYTES = 16;
const IV_BYTES = 12;

function keys(): Key[] {
  return parseKeys(localSecret("ENCRYPTION_KEY", env().ENCRYPTION_KEY));
}

export function seal(plaintext: string, context: string, keyring: Key[] = keys()): string {
  const { id, key } = keyring[0];
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v2", id, iv.toString("base64"), cipher.getAuthTag().toString("base64"), data.toString("base64")].join(":");
}

export function open(sealed: string, context: string, keyring: Key[] = keys()): string {
  const [version, id, iv, tag, data] = sealed.split(":");
  if ((version !== "v1" && version !== "v2") || data === undefined) throw new Error("Stored secret has an unknown format.");
  const entry = keyring.find((k) => k.id === id);
  if (!entry) throw new Error(`Stored secret was sealed with key "${id}", which ENCRYPTION_KEY no longer holds.`);
  const tagBytes = Buffer.from(tag, "base64");
  const ivBytes = Buffer.from(iv, "base64");
  // A shortened tag would make forgery far easier: only the full 16 bytes are accepted.
  if (tagBytes.length !== TAG_BYTES || ivBytes.length !== IV_BYTES) throw new Error("Stored secret is damaged (bad tag or IV length).");
  const decipher = createDecipheriv("aes-256-gcm", entry.key, ivBytes, { authTagLength: TAG_BYTES });
  if (version === "v2") decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(tagBytes);
  return Buffer.concat([decipher.update(Buffer.from(data, "base64")), decipher.final()]).toString("utf8");
}

/** Whether a sealed value is already in the current form, under the keyring's first (sealing) key. */
export function isCurrent(sealed: string, keyring: Key[] = keys()): boolean {
  const [version, id] = sealed.split(":");
  return version === "v2" && id === keyring[0].id;
}
