import { startFaultsCluster, stopFaultsCluster } from "./cluster";

/** The suite's own PostgreSQL for its whole run; the returned function removes it. */
export default async function globalSetup() {
  await startFaultsCluster();
  return stopFaultsCluster;
}
