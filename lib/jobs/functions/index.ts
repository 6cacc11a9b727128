import { approveRun } from "./approve-run";
import { nightlyFanout } from "./nightly-fanout";
import { syncIntegration } from "./sync-integration";

export const functions = [nightlyFanout, syncIntegration, approveRun];
