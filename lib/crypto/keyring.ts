// ENCRYPTION_KEY is "id:base64key[,id:base64key...]" (the first seals, all open: rotation) or a single base64 key
// (id "k1"). Parsed here, with no other import, so that the configuration can check it.
export type Key = { id: string; key: Buffer };

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
