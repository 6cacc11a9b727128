import { applyApprovedRun } from "./apply-approved-run";
import { incrementalFanout, incrementalSync } from "./incremental";
import { nightlyFanout } from "./nightly-fanout";
import { syncIntegration } from "./sync-integration";
import { webhookSync } from "./webhook-sync";

export const functions = [nightlyFanout, syncIntegration, applyApprovedRun, webhookSync, incrementalFanout, incrementalSync];
