import { env } from "@/lib/env";
import { closeDatabase, getDb } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { runSyncCli } from "@/lib/sync/cli";

async function main() {
  env(); // the whole configuration, checked before anything else
  await migrateDatabase();
  process.exitCode = await runSyncCli(await getDb(), process.argv.slice(2), (line) => console.log(line));
}

main()
  .catch((err) => {
    console.error((err as Error).message);
    process.exitCode = 1;
  })
  .finally(() => closeDatabase());
