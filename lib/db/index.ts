export { getBackgroundDb, getDb, closeDatabase, type Db } from "./client";
export * from "./schema";
