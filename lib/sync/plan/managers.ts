import type { BambooEmployee } from "@/lib/bamboohr/normalize";
import { employeeName } from "./map";
import type { ExistingUser } from "./types";

/**
 * A partial snapshot (a targeted sync) holds only the changed employees: a supervisor outside it is looked up
 * among the users BambooHR already manages, and one found nowhere leaves the present manager as it is.
 */
export type Outside = { byNumber: Map<string, string | null> };

/**
 * Each record's manager (a BambooHR id): by the supervisor's internal id, then by employee number.
 * Self-links, unknown supervisors, managers that cannot be synced and cycles are dropped and reported.
 */
export function planManagers(
  candidates: Array<{ e: BambooEmployee; match: ExistingUser | null }>,
  employeesById: Map<string, BambooEmployee>,
  byNumber: Map<string, BambooEmployee>,
  byBambooId: Map<string, ExistingUser>,
  report: (e: BambooEmployee, reason: string) => void,
  outside?: Outside,
): Map<string, string | null> {
  const valid = new Map(candidates.map((c) => [c.e.id, c.e]));
  const managerOf = new Map<string, string | null>();
  for (const { e, match } of candidates) {
    let manager: BambooEmployee | undefined;
    if (e.supervisorEId) manager = employeesById.get(e.supervisorEId);
    if (!manager && e.supervisorId) manager = byNumber.get(e.supervisorId);
    if (!manager && outside) {
      const known =
        (e.supervisorEId && byBambooId.has(e.supervisorEId) ? e.supervisorEId : null) ??
        (e.supervisorId ? outside.byNumber.get(e.supervisorId) : null);
      if (known) {
        managerOf.set(e.id, known === e.id ? null : known);
        continue;
      }
      if (e.supervisorEId || e.supervisorId) {
        report(
          e,
          `Reports To points at a supervisor Roster does not know yet (${e.supervisorEId ?? e.supervisorId}); manager left as it is until the next full sync.`,
        );
        managerOf.set(e.id, match?.managerBambooId ?? null);
        continue;
      }
    }
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
    report(valid.get(id)!, "Reports To forms a cycle (someone in their management chain reports to them); manager left empty.");
    managerOf.set(id, null);
  }
  return managerOf;
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
