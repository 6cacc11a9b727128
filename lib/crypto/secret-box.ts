import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { localSecret } from "./local-secret";

// AES-256-GCM. ENCRYPTION_KEY is "id:base64key[,id:base64key...]" (the first seals, all open: rotation)
// or a single base64 key (id "k1"). Sealed form: "v1:<id>:<iv>:<tag>:<ciphertext>", base64 parts.
type Key = { id: string; key: Buffer };

export function parseKeys(spec: string): Key[] {
  const keys = spec.split(",").map((part, i) => {
    const [id, b64] = part.includes(":") ? part.split(":", 2) : [`k${i + 1}`, part];
    const key = Buffer.from(b64.trim(), "base64");
    if (key.length !== 32) throw new Error(`ENCRYPTION_KEY entry "${id}" must be 32 bytes, base64-encoded.`);
    return { id: id.trim(), key };
  });
  if (keys.length === 0) throw new Error("ENCRYPTION_KEY is empty.");
  return keys;
}

function keys(): Key[] {
  return parseKeys(localSecret("ENCRYPTION_KEY", process.env.ENCRYPTION_KEY));
}

export function seal(plaintext: string, keyring: Key[] = keys()): string {
  const { id, key } = keyring[0];
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", id, iv.toString("base64"), cipher.getAuthTag().toString("base64"), data.toString("base64")].join(":");
}

export function open(sealed: string, keyring: Key[] = keys()): string {
  const [version, id, iv, tag, data] = sealed.split(":");
  if (version !== "v1" || !data) throw new Error("Stored secret has an unknown format.");
  const entry = keyring.find((k) => k.id === id);
  if (!entry) throw new Error(`Stored secret was sealed with key "${id}", which ENCRYPTION_KEY no longer holds.`);
  const decipher = createDecipheriv("aes-256-gcm", entry.key, Buffer.from(iv, "base64"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64")), decipher.final()]).toString("utf8");
}
