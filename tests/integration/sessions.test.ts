import { describe, expect } from "vitest";
import {
  checkSession,
  endSession,
  endSessionById,
  openSession,
  SESSION_IDLE_MS,
  SESSION_MAX_MS,
  sessionsOf,
} from "@/lib/auth/session-store";
import { setUserActive, updateUser } from "@/lib/directory/users";
import { deviceOwner, rememberDevice } from "@/lib/auth/device";
import { createOrg, createUser } from "../helpers/factories";
import { it } from "../helpers/connected-org";

const minutes = (n: number) => n * 60_000;

describe("[AUTH] server-side sessions", () => {
  it("a session is checked on every request: sign-out, idleness and its absolute lifetime end it", async () => {
    const { db, org, admin } = await createOrg();
    const who = { userId: admin.id, organizationId: org.id };
    const start = new Date("2026-12-03T09:00:00Z");
    const token = await openSession(db, who, "Firefox on Linux", start);
    expect(await checkSession(db, token, start)).toEqual(who);
    // Kept alive by use, up to its absolute end.
    let at = start.getTime();
    while (at + SESSION_IDLE_MS - minutes(1) < start.getTime() + SESSION_MAX_MS - minutes(1)) {
      at += SESSION_IDLE_MS - minutes(1);
      expect(await checkSession(db, token, new Date(at))).toEqual(who);
    }
    expect(await checkSession(db, token, new Date(start.getTime() + SESSION_MAX_MS))).toBeNull();
    // Idle too long.
    const idle = await openSession(db, who, null, start);
    expect(await checkSession(db, idle, new Date(start.getTime() + SESSION_IDLE_MS + 1))).toBeNull();
    // Signed out: the token opens nothing afterwards.
    const later = await openSession(db, who, null);
    await endSession(db, later);
    expect(await checkSession(db, later)).toBeNull();
    expect(await checkSession(db, "not-a-token-of-anyone-at-all-0123456789")).toBeNull();
  });

  it("an admin sees a person's sessions and ends one; another organization's admin cannot", async () => {
    const { db, org, admin } = await createOrg();
    const other = await createOrg(db);
    const token = await openSession(db, { userId: admin.id, organizationId: org.id }, "Safari on iPhone");
    const [listed] = await sessionsOf(db, org.id, admin.id);
    expect(listed).toMatchObject({ device: "Safari on iPhone" });
    expect(await sessionsOf(db, other.org.id, admin.id)).toEqual([]);
    expect(await endSessionById(db, other.org.id, listed.id)).toBe(false);
    expect(await checkSession(db, token)).not.toBeNull();
    expect(await endSessionById(db, org.id, listed.id)).toBe(true);
    expect(await checkSession(db, token)).toBeNull();
  });

  it("an admin's deactivation, and a new e-mail for an admin, end every session of that person", async () => {
    const { db, org, admin } = await createOrg();
    const member = await createUser(db, org.id);
    const open = (userId: string) => openSession(db, { userId, organizationId: org.id }, null);
    // The edit form as an admin sends it.
    const edit = (u: { firstName: string; lastName: string }, email: string) => ({
      email,
      firstName: u.firstName,
      lastName: u.lastName,
      ...Object.fromEntries(["preferredName", "employeeId", "title", "phone", "location", "departmentId", "managerId"].map((f) => [f, ""])),
    });
    const [a, b, m] = [await open(admin.id), await open(admin.id), await open(member.id)];
    // A member's new e-mail leaves their sessions (they do not sign in with it here); an admin's ends them.
    expect(await updateUser(db, org.id, member.id, edit(member, "moved@example.test"))).toEqual({ ok: true });
    expect(await checkSession(db, m)).not.toBeNull();
    const second = await createUser(db, org.id, { role: "admin" });
    const s = await open(second.id);
    expect(await updateUser(db, org.id, second.id, edit(second, "new-admin@example.test"))).toEqual({ ok: true });
    expect(await checkSession(db, s)).toBeNull();
    const device = await rememberDevice(db, member.id);
    expect(await deviceOwner(db, device)).toBe(member.id);
    expect(await setUserActive(db, org.id, member.id, false)).toBe(true);
    expect(await checkSession(db, m)).toBeNull();
    // The known-device cookie is revoked the same way: it no longer holds the account lock open.
    expect(await deviceOwner(db, device)).toBeNull();
    expect(await checkSession(db, a)).not.toBeNull();
    expect(await checkSession(db, b)).not.toBeNull();
  });

  it("a sync that deactivates someone ends their sessions in the same batch; others keep theirs", async ({ connectedOrg }) => {
    const s = await connectedOrg({
      size: 8,
      mutate: (c) => c.employees.forEach((e) => ((e.status = "Active"), (e.terminationDate = null))),
    });
    await s.sync();
    const people = await s.byBamboo();
    const [leaver, stayer] = s.company.employees.slice(2, 4).map((e) => people.get(e.id)!);
    const open = (userId: string) => openSession(s.db, { userId, organizationId: s.org.id }, null);
    const [gone, kept] = [await open(leaver.id), await open(stayer.id)];
    const [goneDevice, keptDevice] = [await rememberDevice(s.db, leaver.id), await rememberDevice(s.db, stayer.id)];
    s.emu.updateEmployee(s.domain, s.company.employees[2].id, { status: "Inactive", terminationDate: "2026-01-05" });
    await s.sync();
    expect((await s.byBamboo()).get(s.company.employees[2].id)!.active).toBe(false);
    expect(await checkSession(s.db, gone)).toBeNull();
    expect(await checkSession(s.db, kept)).not.toBeNull();
    expect(await deviceOwner(s.db, goneDevice)).toBeNull();
    expect(await deviceOwner(s.db, keptDevice)).toBe(stayer.id);
  });
});
