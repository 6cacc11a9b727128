import postgres from "postgres";

// With DATABASE_URL, the tests run on a fresh database of that server (never on the one named there), of this run
// alone (two runs at once on one server do not meet), migrated once here and dropped after; every test then makes its
// own organization. Without it, each test file gets PGlite.
export default async function setup() {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const testDb = process.env.TEST_DATABASE_NAME ?? `roster_vitest_${process.pid}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${testDb} with (force)`);
  await admin.unsafe(`create database ${testDb}`);
  await admin.end();
  const testUrl = new URL(url);
  testUrl.pathname = `/${testDb}`;
  process.env.DATABASE_URL = testUrl.toString();
  const { migrateDatabase } = await import("../lib/db/migrate");
  const { closeDatabase } = await import("../lib/db/client");
  await migrateDatabase();
  await closeDatabase();
  return async () => {
    const server = postgres(url, { max: 1, onnotice: () => {} });
    await server.unsafe(`drop database if exists ${testDb} with (force)`);
    await server.end();
  };
}
