import type { FieldChanges, PlanAction, SyncCounts } from "@/lib/db/schema/sync-runs";
import type { ActivationState, DesiredUser } from "./map";

/** What the planner needs to know of a user already in Roster: the mapped fields, and how it is linked. */
export type ExistingUser = Omit<DesiredUser, "bamboohrId"> & {
  id: string;
  bamboohrId: string | null;
  source: "manual" | "bamboohr";
  role: "admin" | "member";
  managerId: string | null;
  managerBambooId: string | null;
};

export type PlannedUser = DesiredUser & { managerBambooId: string | null };

/**
 * A change of activation alone: a user missing from BambooHR's report, or a record whose other fields could
 * not be synced (access still follows BambooHR; the rest of the user is left as it is).
 */
export type ActivationOnly = ActivationState & {
  kind: "missing" | "activation";
  /** The account gives up its e-mail address: BambooHR gives it to someone else now. */
  releasesEmail?: true;
};

export type PlanItem = {
  action: PlanAction;
  userId: string | null;
  bamboohrId: string;
  employeeId: string | null;
  name: string;
  changes: FieldChanges;
  /** The whole target state of the user, or only its activation. */
  payload: PlannedUser | ActivationOnly;
};

/** A record's problem; `skipped` when its fields were not synced at all. */
export type RecordError = { bamboohrId: string | null; employeeId: string | null; name: string | null; reason: string; skipped?: boolean };

export type Plan = {
  items: PlanItem[];
  errors: RecordError[];
  departmentsToCreate: string[];
  warnings: string[];
  counts: SyncCounts;
  /** Deactivations of active users that BambooHR manages (linked, or adopted by this plan): what the safeguard weighs. */
  managedDeactivations: number;
  activeManagedUsers: number;
};

export const isActivationOnly = (payload: PlanItem["payload"]): payload is ActivationOnly => "kind" in payload;
