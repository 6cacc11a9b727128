import { closeDatabase, getDatabase } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";

async function main() {
  const { driver } = await getDatabase();
  await migrateDatabase();
  console.log(`Migrations applied (${driver}).`);
  await closeDatabase();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
