import type { BambooEmployee } from "@/lib/bamboohr/normalize";
import type { DesiredUser } from "./map";
import type { ExistingUser } from "./types";

const lower = (s: string) => s.toLowerCase();
const userName = (u: Pick<ExistingUser, "firstName" | "lastName">) => `${u.firstName} ${u.lastName}`.trim() || "(no name)";

/** Appends `value` to the list under `key`, making the list the first time. */
export function pushInto<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Roster's users indexed the ways a BambooHR record can find one. */
export function indexUsers(users: ExistingUser[]) {
  const byBambooId = new Map<string, ExistingUser>();
  const unlinkedByEmail = new Map<string, ExistingUser>();
  const unlinkedByEmployeeId = new Map<string, ExistingUser | null>(); // null: more than one user has it
  for (const u of users) {
    if (u.bamboohrId) byBambooId.set(u.bamboohrId, u);
    else {
      unlinkedByEmail.set(lower(u.email), u);
      if (u.employeeId) unlinkedByEmployeeId.set(u.employeeId, unlinkedByEmployeeId.has(u.employeeId) ? null : u);
    }
  }
  return { byBambooId, unlinkedByEmail, unlinkedByEmployeeId };
}

/**
 * Adoption of a user Roster already has but BambooHR does not yet manage: by Work Email, or by Employee #
 * (unique in the snapshot) only when the e-mails agree or the user has none, so that a reused number never
 * hands one person's account to another.
 */
export function findAdoptable(
  e: BambooEmployee,
  index: ReturnType<typeof indexUsers>,
  uniqueNumber: boolean,
  claimed: Set<string>,
): { user: ExistingUser | null; error?: string } {
  const email = e.workEmail ? lower(e.workEmail) : null;
  const byEmail = email ? index.unlinkedByEmail.get(email) : undefined;
  if (byEmail && !claimed.has(byEmail.id)) return { user: byEmail };
  const byNumber = e.employeeNumber && uniqueNumber ? index.unlinkedByEmployeeId.get(e.employeeNumber) : undefined;
  if (!byNumber || claimed.has(byNumber.id)) return { user: null };
  if (!byNumber.email || (email && lower(byNumber.email) === email)) return { user: byNumber };
  return {
    user: null,
    error: `Employee # ${e.employeeNumber} matches the Roster user ${userName(byNumber)} (${byNumber.email}), whose e-mail differs from BambooHR's Work Email; nothing was linked or created, so that no account is taken over. Correct the e-mail in Roster or in BambooHR.`,
  };
}

export type Targeted = { key: string; user: DesiredUser; match: ExistingUser | null; name: string };

/**
 * The e-mails after the sync, not before: a user who gives up an address in this sync frees it, so swaps and
 * chains are no conflict. Returns the records whose new address would still be held by someone else, each with
 * the holder; the caller leaves those users as they are (and so their old address stays held: repeat until none).
 */
export function emailConflicts<T extends Targeted>(users: ExistingUser[], targets: T[]): Map<T, string> {
  const retargeted = new Set(targets.filter((t) => t.match).map((t) => t.match!.id));
  const holders = new Map<string, Array<{ key: string; name: string }>>();
  const hold = (email: string, key: string, name: string) => pushInto(holders, lower(email), { key, name });
  for (const u of users) if (!retargeted.has(u.id)) hold(u.email, `u:${u.id}`, `the Roster user ${userName(u)}`);
  for (const t of targets) hold(t.user.email, t.key, t.name);
  const conflicts = new Map<T, string>();
  for (const t of targets) {
    const others = holders.get(lower(t.user.email))!.filter((h) => h.key !== t.key);
    if (others.length > 0) conflicts.set(t, others[0].name);
  }
  return conflicts;
}
