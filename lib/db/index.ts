export { getBackgroundDb, getDb, getDatabase, closeDatabase, openDatabase, type Db } from "./client";
export * from "./schema";
