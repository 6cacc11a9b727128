import { env } from "@/lib/env";
import { rotateSecrets } from "@/lib/integrations/rotate-secrets";
import { closeDatabase, getDb } from "@/lib/db";
import { rotateClientSecrets } from "@/lib/auth/sign-in-settings";

// `npm run secrets:rotate`: after putting a new key first in ENCRYPTION_KEY, re-seal every stored API key, webhook key and SSO client secret with it.
async function main() {
  env(); // the whole configuration, checked before anything else
  const db = await getDb();
  const [keys, sso] = [await rotateSecrets(db), await rotateClientSecrets(db)];
  const [resealed, current, unreadable] = [keys.resealed + sso.resealed, keys.current + sso.current, keys.unreadable + sso.unreadable];
  console.log(`Re-sealed ${resealed} stored key(s) and secret(s) with the first ENCRYPTION_KEY entry; ${current} already were.`);
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
