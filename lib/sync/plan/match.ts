import type { BambooEmployee } from "@/lib/bamboohr/normalize";
import type { DesiredUser } from "./map";
import type { ExistingUser } from "./types";

const lower = (s: string) => s.toLowerCase();
const userName = (u: Pick<ExistingUser, "firstName" | "lastName" | "email">) =>
  `${u.firstName} ${u.lastName}`.trim() || u.email || "(no name)";

/**
 * Groups values by key where nearly every key is unique: `unique` holds the keys seen once; a key seen again moves,
 * with all its values, to `shared`. No list is made for the many keys seen once.
 */
export function addByKey<K, V>(unique: Map<K, V>, shared: Map<K, V[]>, key: K, value: V) {
  const list = shared.get(key);
  if (list) {
    list.push(value);
    return;
  }
  const first = unique.get(key);
  if (first === undefined) {
    unique.set(key, value);
    return;
  }
  unique.delete(key);
  shared.set(key, [first, value]);
}

/** Roster's users indexed the ways a BambooHR record can find one. */
export function indexUsers(users: ExistingUser[]) {
  const byBambooId = new Map<string, ExistingUser>();
  const unlinkedByEmail = new Map<string, ExistingUser>();
  const unlinkedByEmployeeId = new Map<string, ExistingUser | null>(); // null: more than one user has it
  for (const u of users) {
    if (u.bamboohrId) byBambooId.set(u.bamboohrId, u);
    else {
      if (u.email) unlinkedByEmail.set(lower(u.email), u);
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
  claimed: Set<ExistingUser>,
): { user: ExistingUser | null; error?: string } {
  const email = e.workEmail ? lower(e.workEmail) : null;
  const byEmail = email ? index.unlinkedByEmail.get(email) : undefined;
  if (byEmail && !claimed.has(byEmail)) return { user: byEmail };
  const byNumber = e.employeeNumber && uniqueNumber ? index.unlinkedByEmployeeId.get(e.employeeNumber) : undefined;
  if (!byNumber || claimed.has(byNumber)) return { user: null };
  if (!byNumber.email || (email && lower(byNumber.email) === email)) return { user: byNumber };
  return {
    user: null,
    error: `Employee # ${e.employeeNumber} matches the Roster user ${userName(byNumber)} (${byNumber.email}), whose e-mail differs from BambooHR's Work Email; nothing was linked or created, so that no account is taken over. Correct the e-mail in Roster or in BambooHR.`,
  };
}

export type Targeted = { user: DesiredUser; match: ExistingUser | null; name: string };

/**
 * The e-mails after the sync, not before: a user who gives up an address in this sync frees it, so swaps and
 * chains are no conflict. Returns the records whose new address would still be held by someone else, each with
 * the holder; the caller leaves those users as they are (and so their old address stays held: repeat until none).
 * A holder that may `release` its address (a BambooHR account whose record no longer has it) is no conflict: it is
 * returned in `released`, with the record that takes the address.
 */
export function emailConflicts<T extends Targeted>(
  users: ExistingUser[],
  targets: T[],
  release: (u: ExistingUser) => boolean = () => false,
): { conflicts: Map<T, string>; released: Map<ExistingUser, T> } {
  const retargeted = new Set<ExistingUser>();
  for (const t of targets) if (t.match) retargeted.add(t.match);
  // Holders are the users keeping their address and the records taking one; names are made only for a conflict.
  const unique = new Map<string, ExistingUser | T>();
  const shared = new Map<string, Array<ExistingUser | T>>();
  const releasing = new Map<string, ExistingUser>();
  for (const u of users) {
    if (retargeted.has(u) || !u.email) continue;
    if (release(u)) releasing.set(lower(u.email), u);
    else addByKey(unique, shared, lower(u.email), u);
  }
  for (const t of targets) if (t.user.email) addByKey(unique, shared, lower(t.user.email), t);
  const conflicts = new Map<T, string>();
  if (shared.size > 0)
    for (const t of targets) {
      const other = t.user.email ? shared.get(lower(t.user.email))?.find((h) => h !== t) : undefined;
      if (other) conflicts.set(t, "user" in other ? (other as T).name : `the Roster user ${userName(other as ExistingUser)}`);
    }
  const released = new Map<ExistingUser, T>();
  for (const [email, u] of releasing) {
    const taker = unique.get(email);
    if (taker && "user" in taker) released.set(u, taker as T);
  }
  return { conflicts, released };
}
