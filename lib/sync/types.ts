import type { FieldChanges, SyncCounts } from "@/lib/db/schema/sync-runs";
import type { DesiredUser } from "./map";

/** What the planner needs to know of a user already in Roster: the mapped fields, and how it is linked. */
export type ExistingUser = Omit<DesiredUser, "bamboohrId"> & {
  id: string;
  bamboohrId: string | null;
  source: "manual" | "bamboohr";
  managerId: string | null;
  managerBambooId: string | null;
};

export type PlannedUser = DesiredUser & { managerBambooId: string | null };

export type PlanAction = "create" | "update" | "deactivate" | "reactivate" | "unchanged" | "skipped";

export type PlanItem = {
  action: Exclude<PlanAction, "unchanged" | "skipped">;
  userId: string | null;
  bamboohrId: string;
  employeeId: string | null;
  name: string;
  changes: FieldChanges;
  /** The whole target state of the user (missing-from-BambooHR deactivations carry only the active fields). */
  payload: PlannedUser | MissingDeactivation;
};

export type MissingDeactivation = {
  kind: "missing";
  active: false;
  deactivationDate: string;
  inactiveReasonCode: "missing_from_bamboohr";
  inactiveReason: string;
};

export type RecordError = { bamboohrId: string | null; employeeId: string | null; name: string | null; reason: string };

export type Plan = {
  items: PlanItem[];
  errors: RecordError[];
  departmentsToCreate: string[];
  warnings: string[];
  counts: SyncCounts;
  /** Deactivations of users BambooHR already managed and that were active: what the safeguard weighs. */
  managedDeactivations: number;
  activeManagedUsers: number;
};
