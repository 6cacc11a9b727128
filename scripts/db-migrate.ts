import { closeDatabase, getDatabase } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { env } from "@/lib/env";

async function main() {
  env(); // the whole configuration, checked before anything else
  const { driver } = await getDatabase();
  await migrateDatabase();
  console.log(`Migrations applied (${driver}).`);
  await closeDatabase();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
