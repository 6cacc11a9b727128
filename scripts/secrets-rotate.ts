import { env } from "@/lib/env";
import { rotateSecrets } from "@/lib/integrations/rotate-secrets";
import { closeDatabase, getDb } from "@/lib/db";

// `npm run secrets:rotate`: after putting a new key first in ENCRYPTION_KEY, re-seal every stored API key with it.
async function main() {
  env(); // the whole configuration, checked before anything else
  const { resealed, current, unreadable } = await rotateSecrets(await getDb());
  console.log(`Re-sealed ${resealed} stored API key(s) with the first ENCRYPTION_KEY entry; ${current} already were.`);
  if (unreadable) {
    console.error(`${unreadable} stored key(s) could not be opened with any ENCRYPTION_KEY entry and were left as they are.`);
    process.exitCode = 1;
  }
  await closeDatabase();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
