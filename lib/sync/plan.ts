import type { BambooEmployee } from "@/lib/bamboohr/normalize";
import type { FieldChanges } from "@/lib/db/schema/sync-runs";
import { MISSING_REASON } from "./activation";
import { employeeName, mapEmployee, type DesiredUser } from "./map";
import type { ExistingUser, Plan, PlanItem, PlannedUser, RecordError } from "./types";

export type PlanInput = {
  employees: BambooEmployee[];
  users: ExistingUser[];
  departments: string[];
  blocklist: readonly string[];
  today: string;
  /** Problems found while reading the snapshot (records without an id): reported with the plan. */
  snapshotProblems?: RecordError[];
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
  "active",
  "deactivationDate",
  "inactiveReason",
];

const lower = (s: string) => s.toLowerCase();
export const departmentKey = (name: string) => name.trim().replace(/\s+/g, " ").toLowerCase();

/**
 * The pure heart of a sync: from BambooHR's snapshot and Roster's users, what to create, update,
 * deactivate and reactivate, with field-level before -> after, and every record that cannot be synced.
 * No I/O: a dry run is this function without the writer.
 */
export function planSync(input: PlanInput): Plan {
  const errors: RecordError[] = [...(input.snapshotProblems ?? [])];
  const report = (e: BambooEmployee, reason: string) =>
    errors.push({ bamboohrId: e.id, employeeId: e.employeeNumber, name: employeeName(e), reason });

  // Users already in Roster: linked by BambooHR id; unlinked ones can be adopted by e-mail or employee ID.
  const byBambooId = new Map<string, ExistingUser>();
  const unlinkedByEmail = new Map<string, ExistingUser>();
  const unlinkedByEmployeeId = new Map<string, ExistingUser | null>();
  const emailOwner = new Map<string, ExistingUser>();
  for (const u of input.users) {
    emailOwner.set(lower(u.email), u);
    if (u.bamboohrId) byBambooId.set(u.bamboohrId, u);
    else {
      unlinkedByEmail.set(lower(u.email), u);
      if (u.employeeId) unlinkedByEmployeeId.set(u.employeeId, unlinkedByEmployeeId.has(u.employeeId) ? null : u);
    }
  }

  // The snapshot's own duplicates: shared e-mails, reused employee numbers, repeated ids.
  const emailCount = new Map<string, BambooEmployee[]>();
  const numberCount = new Map<string, BambooEmployee[]>();
  const employeesById = new Map<string, BambooEmployee>();
  for (const e of input.employees) {
    if (e.workEmail) emailCount.set(lower(e.workEmail), [...(emailCount.get(lower(e.workEmail)) ?? []), e]);
    if (e.employeeNumber) numberCount.set(e.employeeNumber, [...(numberCount.get(e.employeeNumber) ?? []), e]);
    employeesById.set(e.id, e);
  }
  const byNumber = new Map<string, BambooEmployee>();
  for (const [number, list] of numberCount) {
    if (list.length === 1) byNumber.set(number, list[0]);
    else
      for (const e of list)
        report(e, `Employee # ${number} is used by ${list.length} employees in BambooHR; it is not used to match users or managers.`);
  }

  type Candidate = { e: BambooEmployee; user: DesiredUser; match: ExistingUser | null };
  const candidates: Candidate[] = [];
  const seen = new Set<string>(); // Roster user ids that BambooHR still reports (synced or skipped).
  const claimed = new Set<string>();
  const valid = new Map<string, Candidate>(); // by BambooHR id

  for (const e of input.employees) {
    const linked = byBambooId.get(e.id) ?? null;
    if (linked) seen.add(linked.id);
    const mapped = mapEmployee(e, input.blocklist, input.today);
    if ("error" in mapped) {
      report(e, mapped.error);
      continue;
    }
    const sharing = emailCount.get(lower(mapped.user.email))!;
    if (sharing.length > 1) {
      const others = sharing
        .filter((x) => x !== e)
        .map((x) => `${employeeName(x)} (id ${x.id})`)
        .join(", ");
      report(e, `Work Email ${mapped.user.email} is shared with ${others}; neither record is synced until it is unique.`);
      continue;
    }
    let match = linked;
    if (!match) {
      const byEmail = unlinkedByEmail.get(lower(mapped.user.email));
      const byEmpId = e.employeeNumber && byNumber.has(e.employeeNumber) ? unlinkedByEmployeeId.get(e.employeeNumber) : undefined;
      match = [byEmail, byEmpId].find((u): u is ExistingUser => !!u && !claimed.has(u.id)) ?? null;
    }
    const holder = emailOwner.get(lower(mapped.user.email));
    if (holder && holder.id !== match?.id) {
      report(e, `Work Email ${mapped.user.email} already belongs to another Roster user (${holder.firstName} ${holder.lastName}).`);
      continue;
    }
    if (match) {
      claimed.add(match.id);
      seen.add(match.id);
    }
    const candidate = { e, user: mapped.user, match };
    candidates.push(candidate);
    valid.set(e.id, candidate);
  }

  // Managers: by the supervisor's internal id, then by employee number. Self-links, unknown supervisors and cycles are dropped.
  const managerOf = new Map<string, string | null>();
  for (const c of candidates) {
    const { e } = c;
    let manager: BambooEmployee | undefined;
    if (e.supervisorEId) manager = employeesById.get(e.supervisorEId);
    if (!manager && e.supervisorId) manager = byNumber.get(e.supervisorId);
    let managerId: string | null = manager?.id ?? null;
    if ((e.supervisorEId || e.supervisorId) && !manager) {
      report(
        e,
        `Reports To points at a supervisor that is not in BambooHR's report (${e.supervisorEId ?? e.supervisorId}); manager left empty.`,
      );
    } else if (managerId === e.id) {
      report(e, "Reports To points at the employee themselves; manager left empty.");
      managerId = null;
    } else if (managerId && !valid.has(managerId) && !byBambooId.has(managerId)) {
      report(e, `The manager (${employeeName(manager!)}) could not be synced; manager left empty.`);
      managerId = null;
    }
    managerOf.set(e.id, managerId);
  }
  for (const id of findCycles(managerOf)) {
    const c = valid.get(id)!;
    report(c.e, "Reports To forms a cycle (someone in their management chain reports to them); manager left empty.");
    managerOf.set(id, null);
  }

  const items: PlanItem[] = [];
  const bambooLabel = (id: string | null) => {
    if (!id) return null;
    const e = employeesById.get(id);
    return e ? `${employeeName(e)}${e.employeeNumber ? ` (#${e.employeeNumber})` : ""}` : `BambooHR id ${id}`;
  };
  let unchanged = 0;
  for (const c of candidates) {
    const payload: PlannedUser = { ...c.user, managerBambooId: managerOf.get(c.e.id) ?? null };
    const base = { bamboohrId: c.e.id, employeeId: c.e.employeeNumber, name: employeeName(c.e), payload };
    if (!c.match) {
      items.push({ ...base, action: "create", userId: null, changes: {} });
      continue;
    }
    const u = c.match;
    const changes: FieldChanges = {};
    for (const field of COMPARED) {
      const before = u[field as keyof ExistingUser] as string | boolean | null;
      if (before !== payload[field]) changes[field] = { from: before, to: payload[field] as string | boolean | null };
    }
    if (payload.managerBambooId !== u.managerBambooId || (!payload.managerBambooId && u.managerId)) {
      changes.manager = {
        from: u.managerId ? (bambooLabel(u.managerBambooId) ?? "a Roster user") : null,
        to: bambooLabel(payload.managerBambooId),
      };
    }
    if (!u.bamboohrId) {
      changes.source = { from: u.source, to: "bamboohr" };
      changes.bamboohrId = { from: null, to: c.e.id };
    }
    if (Object.keys(changes).length === 0) {
      unchanged++;
      continue;
    }
    const action = u.active && !payload.active ? "deactivate" : !u.active && payload.active ? "reactivate" : "update";
    items.push({ ...base, action, userId: u.id, changes });
  }

  const warnings: string[] = [];
  const activeManaged = input.users.filter((u) => u.source === "bamboohr" && u.bamboohrId && u.active);
  if (input.employees.length === 0 && activeManaged.length > 0) {
    warnings.push("BambooHR returned no employees at all, so nobody was deactivated. Check the API key's permissions.");
  } else {
    for (const u of activeManaged) {
      if (seen.has(u.id)) continue;
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

  // Departments missing by exact name are created; near-identical names are flagged, as the spec warns.
  const existingDepartments = new Set(input.departments);
  const byKey = new Map<string, string>(input.departments.map((d) => [departmentKey(d), d]));
  const departmentsToCreate: string[] = [];
  for (const item of items) {
    const name = "department" in item.payload ? item.payload.department : null;
    if (!name || existingDepartments.has(name)) continue;
    existingDepartments.add(name);
    departmentsToCreate.push(name);
    const twin = byKey.get(departmentKey(name));
    if (twin)
      warnings.push(
        `Department "${name}" from BambooHR differs from existing "${twin}" only by case or spacing; both now exist. Rename one so they match exactly.`,
      );
    else byKey.set(departmentKey(name), name);
  }

  const count = (a: PlanItem["action"]) => items.filter((i) => i.action === a).length;
  return {
    items,
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
      skipped: input.employees.length - candidates.length + (input.snapshotProblems?.length ?? 0),
      errors: errors.length,
      departmentsCreated: departmentsToCreate.length,
    },
    managedDeactivations: items.filter((i) => i.action === "deactivate" && byBambooIdActive(i, byBambooId)).length,
    activeManagedUsers: activeManaged.length,
  };
}

function byBambooIdActive(item: PlanItem, byBambooId: Map<string, ExistingUser>): boolean {
  const u = byBambooId.get(item.bamboohrId);
  return !!u && u.id === item.userId && u.source === "bamboohr" && u.active;
}

/** Every node on a cycle of the manager graph (node -> manager). Iterative: deep org charts do not overflow the stack. */
export function findCycles(managerOf: Map<string, string | null>): string[] {
  const state = new Map<string, 1 | 2>(); // 1 = on the current path, 2 = done
  const onCycle: string[] = [];
  for (const start of managerOf.keys()) {
    if (state.has(start)) continue;
    const path: string[] = [];
    let node: string | null | undefined = start;
    while (node && !state.has(node) && managerOf.has(node)) {
      state.set(node, 1);
      path.push(node);
      node = managerOf.get(node);
    }
    if (node && state.get(node) === 1) onCycle.push(...path.slice(path.indexOf(node)));
    for (const n of path) state.set(n, 2);
  }
  return onCycle;
}
