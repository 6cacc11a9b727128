import type { BambooEmployee } from "@/lib/bamboohr/normalize";
import { BAMBOO_FIELD_LABEL } from "@/lib/bamboohr/field-labels";
import type { FieldChanges } from "@/lib/db/schema/sync-runs";
import { daysUntil, decideActivation, MISSING_REASON, type Activation } from "./activation";
import { FIELDS, type Fields } from "../fields";
import { protectLastAdmin } from "./last-admin";
import { activationFieldsOf, employeeName, mapEmployee, visibilityOf, type Visibility } from "./map";
import { addByKey, emailConflicts, findAdoptable, indexUsers, type Targeted } from "./match";
import { findCycles, planManagers } from "./managers";
import { isActivationOnly, type ExistingUser, type Plan, type PlanItem, type PlannedUser, type RecordError } from "./types";

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
  /** The synced fields (the catalogue's, unless a test extends it). */
  fields?: Fields;
};

const ACTIVATION_COMPARED = ["active", "deactivationDate", "inactiveReason"] as const;

const lower = (s: string) => s.toLowerCase();
const departmentKey = (name: string) => name.trim().replace(/\s+/g, " ").toLowerCase();
export { findCycles };

type Candidate = Targeted & { e: BambooEmployee };
type ActivationOnlyRecord = { e: BambooEmployee; u: ExistingUser; activation: Activation };
type Report = (e: BambooEmployee, reason: string, skipped?: boolean) => void;

/** What one planning pass shares between its phases. */
type Context = {
  input: PlanInput;
  fields: Fields;
  visibility: Visibility;
  index: ReturnType<typeof indexUsers>;
  report: Report;
  decide: (e: BambooEmployee) => Activation | null;
};

/**
 * The pure heart of a sync: from BambooHR's snapshot and Roster's users, what to create, update,
 * deactivate and reactivate, with field-level before -> after, and every record that cannot be synced.
 * No I/O: a dry run is this function without the writer. The rules are docs/reliability.md's.
 */
export function planSync(input: PlanInput): Plan {
  const errors: RecordError[] = [...(input.snapshotProblems ?? [])];
  const report: Report = (e, reason, skipped = false) =>
    errors.push({ bamboohrId: e.id, employeeId: e.employeeNumber, name: employeeName(e), reason, skipped });
  const visibility = visibilityOf(input.missingFields ?? [], input.blocklist, input.fields);
  const prestartDays = input.prestartDays ?? 0;
  const ctx: Context = {
    input,
    fields: input.fields ?? FIELDS,
    visibility,
    index: indexUsers(input.users),
    report,
    decide: (e) => (visibility.activationVisible ? decideActivation(e, input.blocklist, input.today, prestartDays) : null),
  };

  const snapshot = indexSnapshot(input.employees, report);
  const matched = matchRecords(ctx, snapshot);
  const { kept: candidates, released } = withoutEmailConflicts(ctx, snapshot, matched.candidates, matched.activationOnly);
  const managerOf = visibility.managerVisible
    ? planManagers(
        candidates,
        snapshot.byId,
        snapshot.byNumber,
        ctx.index.byBambooId,
        report,
        input.partial ? { byNumber: linkedByNumber(input.users) } : undefined,
      )
    : new Map(candidates.map((c) => [c.e.id, c.match?.managerBambooId ?? null]));

  const updates = diffCandidates(ctx, candidates, managerOf, snapshot.byId);
  const items = withReleases(
    released,
    [...updates.items, ...activationOnlyItems(matched.activationOnly), ...absentees(ctx, matched.claimed)],
    errors,
  );
  const warnings = visibilityWarnings(input.missingFields ?? [], visibility);
  if (!input.partial && input.employees.length === 0 && input.users.some((u) => u.bamboohrId && u.active))
    warnings.push("BambooHR returned no employees at all, so nobody was deactivated. Check the API key's permissions.");

  const kept = protectLastAdmin(input.users, items);
  for (const k of kept) errors.push({ bamboohrId: k.bamboohrId, employeeId: k.employeeId, name: k.name, reason: k.reason, skipped: true });
  const finalItems = orderForApply(items.filter((i) => !kept.some((k) => k.userId === i.userId && i.action === "deactivate")));
  const departmentsToCreate = departmentsFor(finalItems, input.departments, warnings);

  const count = (a: PlanItem["action"]) => finalItems.filter((i) => i.action === a).length;
  const problems = input.snapshotProblems?.length ?? 0;
  return {
    items: finalItems,
    errors,
    departmentsToCreate,
    warnings,
    counts: {
      fetched: input.employees.length + problems,
      created: count("create"),
      updated: count("update"),
      deactivated: count("deactivate"),
      reactivated: count("reactivate"),
      unchanged: updates.unchanged,
      skipped: input.employees.length - candidates.length - matched.notStarted + problems,
      errors: errors.length,
      ...(matched.notStarted ? { notStarted: matched.notStarted } : {}),
      departmentsCreated: departmentsToCreate.length,
    },
    managedDeactivations: count("deactivate"),
    // BambooHR manages every linked user, and every user this plan links: the safeguard weighs them all.
    activeManagedUsers: input.users.filter((u) => u.active && (u.bamboohrId || matched.claimed.has(u))).length,
  };
}

type SnapshotIndex = {
  byId: Map<string, BambooEmployee>;
  byNumber: Map<string, BambooEmployee>;
  sharedEmails: Map<string, BambooEmployee[]>;
};

/**
 * Phase 1: the snapshot's own duplicates (shared e-mails, reused employee numbers, the latter reported), and what
 * reading each record had to repair or leave out (reported; the Work Email's own problem is reported by the mapping).
 */
function indexSnapshot(employees: BambooEmployee[], report: Report): SnapshotIndex {
  const uniqueEmails = new Map<string, BambooEmployee>();
  const sharedEmails = new Map<string, BambooEmployee[]>();
  const byNumber = new Map<string, BambooEmployee>();
  const reusedNumbers = new Map<string, BambooEmployee[]>();
  const byId = new Map<string, BambooEmployee>();
  for (const e of employees) {
    if (e.flags.length) for (const flag of e.flags) if (!flag.startsWith("workEmail")) report(e, describeFlag(flag));
    if (e.workEmail) addByKey(uniqueEmails, sharedEmails, lower(e.workEmail), e);
    if (e.employeeNumber) addByKey(byNumber, reusedNumbers, e.employeeNumber, e);
    byId.set(e.id, e);
  }
  for (const [number, list] of reusedNumbers)
    for (const e of list)
      report(e, `Employee # ${number} is used by ${list.length} employees in BambooHR; it is not used to match users or managers.`);
  return { byId, byNumber, sharedEmails };
}

/** "hireDate: ..." in words: "Hire Date: ...". */
function describeFlag(flag: string): string {
  const at = flag.indexOf(": ");
  const field = flag.slice(0, at) as keyof typeof BAMBOO_FIELD_LABEL;
  return `${BAMBOO_FIELD_LABEL[field] ?? field}: ${flag.slice(at + 2)}.`;
}

/**
 * Phase 2: each record to the user it is (linked, or adopted), mapped. A record whose fields cannot be synced still
 * decides the access of the user it matches; a future hire beyond the pre-start window gets no account yet.
 */
function matchRecords(ctx: Context, snapshot: SnapshotIndex) {
  const { input, visibility, report, index } = ctx;
  const prestartDays = input.prestartDays ?? 0;
  const candidates: Candidate[] = [];
  const activationOnly: ActivationOnlyRecord[] = [];
  // Roster users a record of this snapshot matched (synced or not): BambooHR still reports them.
  const claimed = new Set<ExistingUser>();
  let notStarted = 0;
  for (const e of input.employees) {
    const activation = ctx.decide(e);
    let match = index.byBambooId.get(e.id) ?? null;
    if (!match) {
      const adoptable = findAdoptable(e, index, !!e.employeeNumber && snapshot.byNumber.has(e.employeeNumber), claimed);
      if (adoptable.error) {
        report(e, adoptable.error, true);
        continue;
      }
      match = adoptable.user;
    }
    if (!match && activation?.active === false && activation.code === "prestart" && daysUntil(e.hireDate!, input.today) > prestartDays) {
      notStarted++;
      continue;
    }
    if (match) claimed.add(match);
    const skip = (reason: string) => {
      report(e, reason, true);
      if (match && activation) activationOnly.push({ e, u: match, activation });
    };
    const mapped = mapEmployee(e, activation, visibility, match, ctx.fields);
    if ("error" in mapped) {
      skip(mapped.error);
      continue;
    }
    const sharing = visibility.hiddenFields.has("email") ? undefined : snapshot.sharedEmails.get(lower(mapped.user.email ?? ""));
    if (sharing) {
      const others = sharing
        .filter((x) => x !== e)
        .map((x) => `${employeeName(x)} (id ${x.id})`)
        .join(", ");
      skip(`Work Email ${mapped.user.email} is shared with ${others}; neither record is synced until it is unique.`);
      continue;
    }
    candidates.push({ e, user: mapped.user, match, name: employeeName(e) });
  }
  return { candidates, activationOnly, claimed, notStarted };
}

/**
 * Phase 3: whoever would take an address that is still held after the sync keeps their present fields (their
 * access still follows BambooHR). Repeated, since a record left out keeps its old address held: chains. An address
 * held by a BambooHR account whose record no longer has it moves to the record that has it now (`released`).
 */
function withoutEmailConflicts(ctx: Context, snapshot: SnapshotIndex, candidates: Candidate[], activationOnly: ActivationOnlyRecord[]) {
  const release = releasable(ctx, snapshot);
  let kept = candidates;
  for (;;) {
    const { conflicts, released } = emailConflicts(ctx.input.users, kept, release);
    if (conflicts.size === 0) return { kept, released };
    kept = kept.filter((c) => !conflicts.has(c));
    for (const [c, holder] of conflicts) {
      ctx.report(c.e, `Work Email ${c.user.email} already belongs to ${holder}.`, true);
      const activation = ctx.decide(c.e);
      if (c.match && activation) activationOnly.push({ e: c.e, u: c.match, activation });
    }
  }
}

/**
 * Whether a user may give up its address: a BambooHR account whose record no longer has it (another address or none
 * in this snapshot, or, in a full snapshot, no record at all). Never a manual account, and never while the key
 * cannot see Work Email.
 */
function releasable(ctx: Context, snapshot: SnapshotIndex) {
  return (u: ExistingUser) => {
    if (!u.bamboohrId || !u.email || ctx.visibility.hiddenFields.has("email")) return false;
    const record = snapshot.byId.get(u.bamboohrId);
    if (!record) return !ctx.input.partial;
    return lower(record.workEmail ?? "") !== lower(u.email);
  };
}

/**
 * The accounts that give up their address: the change joins the plan item the account already has (its activation,
 * or its deactivation as missing), or is one of its own; each is reported, with who takes the address.
 */
function withReleases(released: Map<ExistingUser, Candidate>, items: PlanItem[], errors: RecordError[]): PlanItem[] {
  if (released.size === 0) return items;
  const byUser = new Map(items.filter((i) => i.userId).map((i) => [i.userId!, i]));
  for (const [u, taker] of released) {
    const name = `${u.firstName} ${u.lastName}`.trim() || u.email || `BambooHR id ${u.bamboohrId}`;
    const email = { from: u.email, to: null };
    const item = byUser.get(u.id);
    if (item && isActivationOnly(item.payload)) {
      item.changes = { email, ...item.changes };
      item.payload = { ...item.payload, releasesEmail: true };
    } else if (!item) {
      const { active, deactivationDate, inactiveReasonCode, inactiveReason } = u;
      items.push({
        action: "update",
        userId: u.id,
        bamboohrId: u.bamboohrId!,
        employeeId: u.employeeId,
        name,
        changes: { email },
        payload: { kind: "activation", active, deactivationDate, inactiveReasonCode, inactiveReason, releasesEmail: true },
      });
    }
    // The account keeps its history and its BambooHR link; only the address goes.
    errors.push({
      bamboohrId: u.bamboohrId,
      employeeId: u.employeeId,
      name,
      reason: `Work Email ${u.email} moved to ${taker.name}, to whom BambooHR now gives it; this account no longer has an e-mail address.`,
    });
  }
  return items;
}

/** Phase 4: each synced record against its user: a create, an update with its field changes, or unchanged. */
function diffCandidates(ctx: Context, candidates: Candidate[], managerOf: Map<string, string | null>, byId: Map<string, BambooEmployee>) {
  const { fields, visibility } = ctx;
  const bambooLabel = (id: string | null) => {
    if (!id) return null;
    const e = byId.get(id);
    return e ? `${employeeName(e)}${e.employeeNumber ? ` (#${e.employeeNumber})` : ""}` : `BambooHR id ${id}`;
  };
  const items: PlanItem[] = [];
  let unchanged = 0;
  for (const c of candidates) {
    const payload = c.user as PlannedUser;
    payload.managerBambooId = managerOf.get(c.e.id) ?? null;
    const u = c.match;
    if (!u) {
      items.push({ action: "create", userId: null, bamboohrId: c.e.id, employeeId: c.user.employeeId, name: c.name, changes: {}, payload });
      continue;
    }
    const before = u as unknown as Record<string, string | boolean | null>;
    const after = payload as unknown as Record<string, string | boolean | null>;
    // Made only when something differs: most users of a re-sync are unchanged.
    let changes: FieldChanges | null = null;
    for (const field of fields.compared)
      if (before[field] !== after[field]) (changes ??= {})[field] = { from: before[field], to: after[field] };
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
    if (!changes) unchanged++;
    else {
      const action = transition(u.active, payload.active);
      items.push({ action, userId: u.id, bamboohrId: c.e.id, employeeId: c.user.employeeId, name: c.name, changes, payload });
    }
  }
  return { items, unchanged };
}

/** Phase 5: users whose records could not be synced, where BambooHR still decides their access. */
function activationOnlyItems(records: ActivationOnlyRecord[]): PlanItem[] {
  const items: PlanItem[] = [];
  for (const { e, u, activation } of records) {
    const next = activationFieldsOf(e, activation, u);
    const changes: FieldChanges = {};
    for (const field of ACTIVATION_COMPARED) if (u[field] !== next[field]) changes[field] = { from: u[field], to: next[field] };
    if (Object.keys(changes).length === 0) continue;
    items.push({
      action: transition(u.active, next.active),
      userId: u.id,
      bamboohrId: e.id,
      employeeId: u.employeeId,
      name: employeeName(e),
      changes,
      payload: { kind: "activation", ...next },
    });
  }
  return items;
}

/**
 * Phase 6: active BambooHR users no record of a full snapshot matched are deactivated; never on a partial snapshot, an
 * empty one, or when the key cannot see what the activation rule needs.
 */
function absentees(ctx: Context, claimed: Set<ExistingUser>): PlanItem[] {
  const { input } = ctx;
  if (input.partial || input.employees.length === 0 || !ctx.visibility.activationVisible) return [];
  return input.users
    .filter((u) => u.bamboohrId && u.active && !claimed.has(u))
    .map((u) => ({
      action: "deactivate" as const,
      userId: u.id,
      bamboohrId: u.bamboohrId!,
      employeeId: u.employeeId,
      name: `${u.firstName} ${u.lastName}`.trim() || u.email || `BambooHR id ${u.bamboohrId}`,
      changes: { active: { from: true, to: false }, inactiveReason: { from: u.inactiveReason, to: MISSING_REASON } },
      payload: {
        kind: "missing" as const,
        active: false,
        deactivationDate: u.deactivationDate ?? input.today,
        inactiveReasonCode: "missing_from_bamboohr",
        inactiveReason: MISSING_REASON,
      },
    }));
}

function visibilityWarnings(missingFields: readonly string[], visibility: Visibility): string[] {
  const labels = missingFields.flatMap((f) => BAMBOO_FIELD_LABEL[f as keyof typeof BAMBOO_FIELD_LABEL] ?? []);
  if (labels.length === 0) return [];
  return [
    `The API key cannot see ${labels.join(", ")}: those fields were left as they are in Roster` +
      (visibility.activationVisible ? "." : ", and nobody was activated or deactivated (the activation rule needs them).") +
      " Give the key's owner access to them in BambooHR.",
  ];
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
 * there and linked in the same statement.
 */
function orderForApply(items: PlanItem[]): PlanItem[] {
  const emailChanges = items.filter((i) => i.action !== "create" && i.changes.email);
  const others = items.filter((i) => i.action !== "create" && !i.changes.email);
  const creates = items.filter((i) => i.action === "create");
  const depth = createDepths(creates);
  // Grouped by depth, in their order within each.
  const byDepth: PlanItem[][] = [];
  for (const i of creates) (byDepth[depth.get(i)!] ??= []).push(i);
  return [...emailChanges, ...others, ...byDepth.flat()];
}

/** How many new managers are above each new user (0: its manager exists already, or it has none); loops stop. */
function createDepths(creates: PlanItem[]): Map<PlanItem, number> {
  const created = new Map(creates.map((i) => [i.bamboohrId, i]));
  const managerOf = (i: PlanItem) => created.get((i.payload as PlannedUser).managerBambooId ?? "");
  const depth = new Map<PlanItem, number>();
  const chain: PlanItem[] = [];
  const onChain = new Set<PlanItem>();
  for (const start of creates) {
    if (depth.has(start)) continue;
    chain.length = 0;
    onChain.clear();
    let at: PlanItem | undefined = start;
    while (at && !depth.has(at) && !onChain.has(at)) {
      chain.push(at);
      onChain.add(at);
      at = managerOf(at);
    }
    // Ends at a known depth, at nobody, or on its own chain (a loop: counted from 0).
    let d = at && depth.has(at) ? depth.get(at)! + 1 : 0;
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
