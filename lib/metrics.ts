import { Counter, Gauge, Histogram, Registry } from "prom-client";

// Roster's Prometheus metrics (`/api/metrics`). Labels are closed sets (triggers, outcomes, steps, reasons, pools):
// never a person, an e-mail or an organization. One registry per process, on globalThis: Next.js bundles
// instrumentation and the app apart, each with its own copy of this module.

function create() {
  const registry = new Registry();
  return {
    registry,
    syncRuns: new Counter({
      name: "roster_sync_runs_total",
      help: "Sync runs ended, by trigger and outcome.",
      labelNames: ["trigger", "outcome"],
      registers: [registry],
    }),
    syncHeld: new Counter({
      name: "roster_sync_runs_held_total",
      help: "Runs held by the safeguard for an admin's review.",
      registers: [registry],
    }),
    stepSeconds: new Histogram({
      name: "roster_sync_step_duration_seconds",
      help: "Time of each step of a sync run.",
      labelNames: ["step"],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers: [registry],
    }),
    employeesRead: new Counter({
      name: "roster_sync_employees_read_total",
      help: "Employee records read from BambooHR.",
      registers: [registry],
    }),
    changesApplied: new Counter({
      name: "roster_sync_changes_applied_total",
      help: "Users changed by syncs, by kind.",
      labelNames: ["kind"],
      registers: [registry],
    }),
    webhookDeliveries: new Counter({
      name: "roster_webhook_deliveries_total",
      help: "BambooHR webhook deliveries, accepted or refused, by reason.",
      labelNames: ["result", "reason"],
      registers: [registry],
    }),
    signIns: new Counter({
      name: "roster_sign_ins_total",
      help: "Sign-in attempts, by result and reason.",
      labelNames: ["result", "reason"],
      registers: [registry],
    }),
    watermarkAge: new Gauge({
      name: "roster_incremental_watermark_age_seconds",
      help: "Age of the oldest incremental-sync watermark among integrations with incremental syncs on.",
      registers: [registry],
    }),
    outbox: new Gauge({
      name: "roster_outbox_messages",
      help: "Notification e-mails in the outbox, by status.",
      labelNames: ["status"],
      registers: [registry],
    }),
    statementsInFlight: new Gauge({
      name: "roster_db_pool_in_use",
      help: "Database statements in flight, by pool (each holds one of the pool's connections).",
      labelNames: ["pool"],
      registers: [registry],
    }),
  };
}

type Metrics = ReturnType<typeof create>;
const shared = globalThis as unknown as { __rosterMetrics?: Metrics };

export function metrics(): Metrics {
  return (shared.__rosterMetrics ??= create());
}

/** "apply-batch-3" is the step "apply-batch": one label per kind of step, not per batch. */
export const stepName = (id: string) => id.replace(/-\d+$/, "");
