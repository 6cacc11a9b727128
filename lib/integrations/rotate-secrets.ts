import { eq, ne } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { integrations } from "@/lib/db/schema";
import { apiKeyContext } from "@/lib/sync/source";
import { webhookKeyContext } from "@/lib/integrations/instant-updates";
import { isCurrent, open, seal } from "../crypto/secret-box";

/**
 * Re-seals every stored API key and webhook key with the first ENCRYPTION_KEY entry (and binds old "v1" values to their row).
 * After it, older entries can be removed from ENCRYPTION_KEY. A value no entry opens is left as it is and counted.
 */
export async function rotateSecrets(db: Db): Promise<{ resealed: number; current: number; unreadable: number }> {
  const rows = await db.select().from(integrations).where(ne(integrations.apiKeySealed, ""));
  const counts = { resealed: 0, current: 0, unreadable: 0 };
  const secrets = [
    { column: "apiKeySealed", context: apiKeyContext },
    { column: "webhookKeySealed", context: webhookKeyContext },
  ] as const;
  for (const row of rows) {
    for (const { column, context: contextOf } of secrets) {
      const sealed = row[column];
      if (!sealed) continue;
      if (isCurrent(sealed)) {
        counts.current++;
        continue;
      }
      const context = contextOf(row);
      let plaintext: string;
      try {
        plaintext = open(sealed, context);
      } catch {
        counts.unreadable++;
        continue;
      }
      await db
        .update(integrations)
        .set({ [column]: seal(plaintext, context) })
        .where(eq(integrations.id, row.id));
      counts.resealed++;
    }
  }
  return counts;
}
