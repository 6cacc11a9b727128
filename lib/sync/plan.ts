import type { BambooEmployee } from "@/lib/bamboohr/normalize";
import type { FieldChanges } from "@/lib/db/schema/sync-runs";
import { daysUntil, decideActivation, MISSING_REASON, type Activation } from "./activation";
import { protectLastAdmin } from "./last-admin";
import { activationFieldsOf, BAMBOO_FIELD_LABEL, employeeName, mapEmployee, visibilityOf, type DesiredUser } from "./map";
import { addByKey, emailConflicts, findAdoptable, indexUsers, type Targeted } from "./match";
import { findCycles, planManagers } from "./managers";
import type { ExistingUser, Plan, PlanItem, PlannedUser, RecordError } from "./types";

export type PlanInput = {
  employees: BambooEmployee[];
  users: ExistingUser[];
  departments: string[];
  blocklist: readonly string[];
  /** YYYY-MM-DD in the organization's time zone. */
  today: string;
  /** Problems found while reading the snapshot (records without an id): reported with the plan. */
  snapshotProblems?: RecordError[];
  /** BambooHR fields the report left out (the API key cannot see them): never written. */
  missingFields?: readonly string[];
  /**
   * A targeted sync: `employees` are only the changed ones. Nobody is deactivated for being absent (only the
   * nightly full sync does that), and supervisors outside the snapshot are found among Roster's users.
   */
  partial?: boolean;
  /** Pre-start accounts: future hires within this many days get an inactive account (0: off). */
  prestartDays?: number;
};

const COMPARED: Array<keyof DesiredUser> = [
  "employeeId",
  "email",
  "firstName",
  "lastName",
  "preferredName",
  "title",
  "department",
  "phone",
  "location",
  "startDate",
  "active",
  "deactivationDate",
  "inactiveReason",
];
const ACTIVATION_COMPARED = ["active", "deactivationDate", "inactiveReason"] as const;

const lower = (s: string) => s.toLowerCase();
export const departmentKey = (name: string) => name.trim().replace(/\s+/g, " ").toLowerCase();
export { findCycles };

type Candidate = Targeted & { e: BambooEmployee };
type ActivationOnlyRecord = { e: BambooEmployee; u: ExistingUser; activation: Activation };

/**
 * The pure heart of a sync: from BambooHR's snapshot and Roster's users, what to create, update,
 * deactivate and reactivate, with field-level before -> after, and every record that cannot be synced.
 * No I/O: a dry run is this function without the writer. The rules are the README's "How a sync behaves".
 */
export function planSync(input: PlanInput): Plan {
  const errors: RecordError[] = [...(input.snapshotProblems ?? [])];
  const report = (e: BambooEmployee, reason: string, skipped = false) =>
    errors.push({ bamboohrId: e.id, employeeId: e.employeeNumber, name: employeeName(e), reason, skipped });
  const visibility = visibilityOf(input.missingFields ?? [], input.blocklist);
  const index = indexUsers(input.users);

  // The snapshot's own duplicates: shared e-mails, reused employee numbers (only those get a list).
  const uniqueEmails = new Map<string, BambooEmployee>();
  const sharedEmails = new Map<string, BambooEmployee[]>();
  const byNumber = new Map<string, BambooEmployee>();
  const reusedNumbers = new Map<string, BambooEmployee[]>();
  const employeesById = new Map<string, BambooEmployee>();
  for (const e of input.employees) {
    if (e.workEmail) addByKey(uniqueEmails, sharedEmails, lower(e.workEmail), e);
    if (e.employeeNumber) addByKey(byNumber, reusedNumbers, e.employeeNumber, e);
    employeesById.set(e.id, e);
  }
  for (const [number, list] of reusedNumbers)
    for (const e of list)
      report(e, `Employee # ${number} is used by ${list.length} employees in BambooHR; it is not used to match users or managers.`);

  const prestartDays = input.prestartDays ?? 0;
  const decide = (e: BambooEmployee) =>
    visibility.activationVisible ? decideActivation(e, input.blocklist, input.today, prestartDays) : null;
  let notStarted = 0;
  let candidates: Candidate[] = [];
  const activationOnly: ActivationOnlyRecord[] = [];
  // Roster users a record of this snapshot matched (synced or not): BambooHR still reports them. By object, not id:
  // hashing 100,000 ids again is the planner's largest cost after its maps.
  const claimed = new Set<ExistingUser>();
  // A record whose fields cannot be synced still decides the access of the user it matches.
  const skip = (e: BambooEmployee, reason: string, match: ExistingUser | null, activation: Activation | null) => {
    report(e, reason, true);
    if (match && activation) activationOnly.push({ e, u: match, activation });
  };

  for (const e of input.employees) {
    const activation = decide(e);
    let match = index.byBambooId.get(e.id) ?? null;
    if (!match) {
      const adoptable = findAdoptable(e, index, !!e.employeeNumber && byNumber.has(e.employeeNumber), claimed);
      if (adoptable.error) {
        report(e, adoptable.error, true);
        continue;
      }
      match = adoptable.user;
    }
    // A future hire beyond the pre-start window gets no account yet (one already made keeps it, inactive).
    if (!match && activation?.active === false && activation.code === "prestart" && daysUntil(e.hireDate!, input.today) > prestartDays) {
      notStarted++;
      continue;
    }
    if (match) {
      claimed.add(match);
    }
    const mapped = mapEmployee(e, activation, visibility, match);
    if ("error" in mapped) {
      skip(e, mapped.error, match, activation);
      continue;
    }
    const sharing = visibility.hiddenFields.has("email") ? undefined : sharedEmails.get(lower(mapped.user.email));
    if (sharing) {
      const others = sharing
        .filter((x) => x !== e)
        .map((x) => `${employeeName(x)} (id ${x.id})`)
        .join(", ");
      skip(e, `Work Email ${mapped.user.email} is shared with ${others}; neither record is synced until it is unique.`, match, activation);
      continue;
    }
    candidates.push({ e, user: mapped.user, match, name: employeeName(e) });
  }

  // Whoever would take an address that is still held after the sync keeps their present fields (repeat: chains).
  for (let conflicts = emailConflicts(input.users, candidates); conflicts.size > 0; conflicts = emailConflicts(input.users, candidates)) {
    candidates = candidates.filter((c) => !conflicts.has(c));
    for (const [c, holder] of conflicts) {
      const activation = decide(c.e);
      skip(c.e, `Work Email ${c.user.email} already belongs to ${holder}.`, c.match, activation);
    }
  }

  const managerOf = visibility.managerVisible
    ? planManagers(
        candidates,
        employeesById,
        byNumber,
        index.byBambooId,
        report,
        input.partial ? { byNumber: linkedByNumber(input.users) } : undefined,
      )
    : new Map(candidates.map((c) => [c.e.id, c.match?.managerBambooId ?? null]));

  const items: PlanItem[] = [];
  const bambooLabel = (id: string | null) => {
    if (!id) return null;
    const e = employeesById.get(id);
    return e ? `${employeeName(e)}${e.employeeNumber ? ` (#${e.employeeNumber})` : ""}` : `BambooHR id ${id}`;
  };
  let unchanged = 0;
  for (const c of candidates) {
    // The candidate's own object becomes the payload (not a copy: 100,000 of them at scale).
    const payload = c.user as PlannedUser;
    payload.managerBambooId = managerOf.get(c.e.id) ?? null;
    if (!c.match) {
      items.push({ bamboohrId: c.e.id, employeeId: c.user.employeeId, name: c.name, payload, action: "create", userId: null, changes: {} });
      continue;
    }
    const u = c.match;
    // Made only when something differs: most users of a re-sync are unchanged.
    let changes: FieldChanges | null = null;
    for (const field of COMPARED) {
      const before = u[field as keyof ExistingUser] as string | boolean | null;
      if (before !== payload[field]) (changes ??= {})[field] = { from: before, to: payload[field] as string | boolean | null };
    }
    if (visibility.managerVisible && (payload.managerBambooId !== u.managerBambooId || (!payload.managerBambooId && u.managerId))) {
      (changes ??= {}).manager = {
        from: u.managerId ? (bambooLabel(u.managerBambooId) ?? "a Roster user") : null,
        to: bambooLabel(payload.managerBambooId),
      };
    }
    if (!u.bamboohrId) {
      changes ??= {};
      changes.source = { from: u.source, to: "bamboohr" };
      changes.bamboohrId = { from: null, to: c.e.id };
    }
    if (!changes) {
      unchanged++;
      continue;
    }
    items.push({
      bamboohrId: c.e.id,
      employeeId: c.user.employeeId,
      name: c.name,
      payload,
      action: transition(u.active, payload.active),
      userId: u.id,
      changes,
    });
  }

  for (const { e, u, activation } of activationOnly) {
    const next = activationFieldsOf(e, activation, u);
    const changes: FieldChanges = {};
    for (const field of ACTIVATION_COMPARED) if (u[field] !== next[field]) changes[field] = { from: u[field], to: next[field] };
    if (Object.keys(changes).length === 0) continue;
    const payload = { kind: "activation" as const, ...next };
    items.push({
      action: transition(u.active, next.active),
      userId: u.id,
      bamboohrId: e.id,
      employeeId: u.employeeId,
      name: employeeName(e),
      changes,
      payload,
    });
  }

  const warnings: string[] = [];
  const hidden = (input.missingFields ?? []).filter((f) => f in BAMBOO_FIELD_LABEL);
  if (hidden.length) {
    warnings.push(
      `The API key cannot see ${hidden.map((f) => BAMBOO_FIELD_LABEL[f]).join(", ")}: those fields were left as they are in Roster` +
        (visibility.activationVisible ? "." : ", and nobody was activated or deactivated (the activation rule needs them).") +
        " Give the key's owner access to them in BambooHR.",
    );
  }
  const activeManaged = input.users.filter((u) => u.bamboohrId && u.active);
  if (input.partial) {
    // Absence from a partial snapshot means nothing: the nightly full sync decides who is gone.
  } else if (input.employees.length === 0 && activeManaged.length > 0) {
    warnings.push("BambooHR returned no employees at all, so nobody was deactivated. Check the API key's permissions.");
  } else if (visibility.activationVisible) {
    for (const u of activeManaged) {
      if (claimed.has(u)) continue;
      items.push({
        action: "deactivate",
        userId: u.id,
        bamboohrId: u.bamboohrId!,
        employeeId: u.employeeId,
        name: `${u.firstName} ${u.lastName}`.trim(),
        changes: { active: { from: true, to: false }, inactiveReason: { from: u.inactiveReason, to: MISSING_REASON } },
        payload: {
          kind: "missing",
          active: false,
          deactivationDate: u.deactivationDate ?? input.today,
          inactiveReasonCode: "missing_from_bamboohr",
          inactiveReason: MISSING_REASON,
        },
      });
    }
  }

  const kept = protectLastAdmin(input.users, items);
  for (const k of kept) errors.push({ bamboohrId: k.bamboohrId, employeeId: k.employeeId, name: k.name, reason: k.reason, skipped: true });
  const finalItems = orderForApply(items.filter((i) => !kept.some((k) => k.userId === i.userId && i.action === "deactivate")));

  const departmentsToCreate = departmentsFor(finalItems, input.departments, warnings);
  const byAction = new Map<PlanItem["action"], number>();
  for (const i of finalItems) byAction.set(i.action, (byAction.get(i.action) ?? 0) + 1);
  const count = (a: PlanItem["action"]) => byAction.get(a) ?? 0;
  // BambooHR manages every linked user, and every user this plan links: the safeguard weighs them all.
  let managed = 0;
  for (const u of input.users) if (u.active && (u.bamboohrId || claimed.has(u))) managed++;
  return {
    items: finalItems,
    errors,
    departmentsToCreate,
    warnings,
    counts: {
      fetched: input.employees.length + (input.snapshotProblems?.length ?? 0),
      created: count("create"),
      updated: count("update"),
      deactivated: count("deactivate"),
      reactivated: count("reactivate"),
      unchanged,
      skipped: input.employees.length - candidates.length - notStarted + (input.snapshotProblems?.length ?? 0),
      errors: errors.length,
      ...(notStarted ? { notStarted } : {}),
      departmentsCreated: departmentsToCreate.length,
    },
    managedDeactivations: count("deactivate"),
    activeManagedUsers: managed,
  };
}

/** Employee # -> BambooHR id of the users BambooHR manages (null when two share a number). */
function linkedByNumber(users: ExistingUser[]): Map<string, string | null> {
  const map = new Map<string, string | null>();
  for (const u of users) if (u.bamboohrId && u.employeeId) map.set(u.employeeId, map.has(u.employeeId) ? null : u.bamboohrId);
  return map;
}

const transition = (was: boolean, will: boolean): PlanItem["action"] =>
  was && !will ? "deactivate" : !was && will ? "reactivate" : "update";

/**
 * Users giving up an e-mail first, new users last: an address freed in this sync is free before anyone takes it.
 * New users come managers first (by depth among the new), so that most are created with their manager already
 * there and linked in the same statement, instead of written twice.
 */
function orderForApply(items: PlanItem[]): PlanItem[] {
  // Three stable groups, then the new users by depth (a counting sort: the order within a depth is kept).
  const emailChanges: PlanItem[] = [];
  const others: PlanItem[] = [];
  const creates: PlanItem[] = [];
  for (const i of items) (i.action === "create" ? creates : i.changes.email ? emailChanges : others).push(i);
  const depth = createDepths(creates);
  const byDepth: PlanItem[][] = [];
  for (const i of creates) (byDepth[depth.get(i) ?? 0] ??= []).push(i);
  return [...emailChanges, ...others, ...byDepth.flatMap((level) => level ?? [])];
}

/** How many new managers are above each new user (0: its manager exists already, or it has none); loops stop. */
function createDepths(creates: PlanItem[]): Map<PlanItem, number> {
  const created = new Map(creates.map((i) => [i.bamboohrId, i]));
  // ON_CHAIN marks the items of the chain being walked (no set per item: 100,000 of them at scale).
  const ON_CHAIN = -1;
  const depth = new Map<PlanItem, number>();
  const managerOf = (i: PlanItem) => created.get((i.payload as PlannedUser).managerBambooId ?? "");
  const chain: PlanItem[] = [];
  for (const start of created.values()) {
    chain.length = 0;
    let at: PlanItem | undefined = start;
    while (at && !depth.has(at)) {
      chain.push(at);
      depth.set(at, ON_CHAIN);
      at = managerOf(at);
    }
    const above = at ? depth.get(at)! : ON_CHAIN; // a loop ends on its own chain: counted from 0
    let d = above === ON_CHAIN ? 0 : above + 1;
    for (let k = chain.length - 1; k >= 0; k--, d++) depth.set(chain[k], d);
  }
  return depth;
}

/** Departments missing by exact name are created; near-identical names are flagged, as the spec warns. */
function departmentsFor(items: PlanItem[], existing: string[], warnings: string[]): string[] {
  const known = new Set(existing);
  const byKey = new Map<string, string>(existing.map((d) => [departmentKey(d), d]));
  const toCreate: string[] = [];
  for (const item of items) {
    const name = "department" in item.payload ? item.payload.department : null;
    if (!name || known.has(name)) continue;
    known.add(name);
    toCreate.push(name);
    const twin = byKey.get(departmentKey(name));
    if (twin)
      warnings.push(
        `Department "${name}" from BambooHR differs from existing "${twin}" only by case or spacing; both now exist. Rename one so they match exactly.`,
      );
    else byKey.set(departmentKey(name), name);
  }
  return toCreate;
}
