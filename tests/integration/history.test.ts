import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { organizations, users } from "@/lib/db/schema";
import { HISTORY_PAGE_SIZE, userHistory } from "@/lib/directory/history";
import { setUserActive, updateUser } from "@/lib/directory/users";
import { todayIn } from "@/lib/sync/plan/today";
import { employee } from "../helpers/emulator";
import { createOrg } from "../helpers/factories";
import { connectedOrg } from "../helpers/connected-org";

async function setup() {
  const s = await connectedOrg({ mutate: (c) => (c.employees = [employee({ id: "1" }), employee({ id: "2" })]) });
  const { db, org, admin } = s;
  const sync = () => s.sync();
  const person = async () => (await db.select().from(users).where(eq(users.organizationId, org.id))).find((u) => u.bamboohrId === "1")!;
  const edit = (u: Awaited<ReturnType<typeof person>>, over: Record<string, string>) =>
    updateUser(
      db,
      org.id,
      u.id,
      {
        email: u.email,
        firstName: u.firstName,
        lastName: u.lastName,
        preferredName: u.preferredName ?? "",
        employeeId: u.employeeId ?? "",
        title: u.title ?? "",
        phone: u.phone ?? "",
        location: u.location ?? "",
        departmentId: u.departmentId ?? "",
        managerId: u.managerId ?? "",
        ...over,
      },
      admin.id,
    );
  return { ...s, sync, person, edit };
}

describe("[DIRECTORY] a person's history", () => {
  it("lists every change, newest first: which run or which admin, and before -> after", async () => {
    const s = await setup();
    await s.sync();
    s.emu.updateEmployee(s.domain, "1", { jobTitle: "Principal" });
    await s.sync();
    const u = await s.person();
    expect(await s.edit(u, { phone: "+1 555 0199" })).toEqual({ ok: true });
    expect(await setUserActive(s.db, s.org.id, u.id, false, s.admin.id)).toBe(true);
    const { entries, total } = await userHistory(s.db, s.org.id, u.id);
    expect(total).toBe(4);
    expect(entries.map((e) => [e.action, e.by.kind])).toEqual([
      ["deactivate", "admin"],
      ["update", "admin"],
      ["update", "run"],
      ["create", "run"],
    ]);
    // The admin of these tests has no name: the e-mail stands in.
    expect(entries[0].by).toEqual({ kind: "admin", name: s.admin.email });
    expect(entries[1].changes).toEqual({ phone: { from: null, to: "+1 555 0199" } });
    expect(entries[2].changes).toEqual({ title: { from: "Engineer", to: "Principal" } });
    expect(entries[0].changes.active).toEqual({ from: true, to: false });
    // Created with every field BambooHR gave (the empty ones left out), in the order of the user's form.
    const created = entries[3].changes;
    expect(created).toEqual({
      employeeId: { from: null, to: "N1" },
      email: { from: null, to: "e1@example.com" },
      firstName: { from: null, to: "First" },
      lastName: { from: null, to: "Last1" },
      title: { from: null, to: "Engineer" },
      department: { from: null, to: "Engineering" },
      location: { from: null, to: "Lindon" },
      startDate: { from: null, to: "2020-01-01" },
      active: { from: null, to: true },
    });
    expect(Object.keys(created)).toEqual([
      "employeeId",
      "email",
      "firstName",
      "lastName",
      "title",
      "department",
      "location",
      "startDate",
      "active",
    ]);
    // Another organization sees nothing of it.
    const other = await createOrg();
    expect((await userHistory(s.db, other.org.id, u.id)).total).toBe(0);
  });

  it("a new user's first entry holds exactly what it was created with, whatever the characters, active or not", async () => {
    const s = await setup();
    s.emu.addEmployee(
      s.domain,
      employee({
        id: "3",
        firstName: 'Zoë "Zed"',
        lastName: "O'Brien \\ 山田 🚀",
        preferredName: "",
        jobTitle: "Tab\there, newline\nthere",
        department: 'R&D "Labs"',
        workPhone: "+1 (555) 0100",
        status: "Inactive",
        terminationDate: "2021-06-30",
      }),
    );
    await s.sync();
    const u = (await s.db.select().from(users).where(eq(users.organizationId, s.org.id))).find((x) => x.bamboohrId === "3")!;
    const { entries } = await userHistory(s.db, s.org.id, u.id);
    expect(entries.map((e) => e.action)).toEqual(["create"]);
    const to = (v: string | boolean) => ({ from: null, to: v });
    expect(entries[0].changes).toEqual({
      employeeId: to("N3"),
      email: to("e3@example.com"),
      firstName: to('Zoë "Zed"'),
      lastName: to("O'Brien \\ 山田 🚀"),
      // A tab or line break in a one-line field is a space (lib/text.ts); everything else is kept as it is.
      title: to("Tab here, newline there"),
      department: to('R&D "Labs"'),
      phone: to("+1 (555) 0100"),
      location: to("Lindon"),
      startDate: to("2020-01-01"),
      active: to(false),
      deactivationDate: to("2021-06-30"),
      inactiveReasonCode: to(u.inactiveReasonCode!),
      inactiveReason: to(u.inactiveReason!),
    });
    expect(u.inactiveReason).toBeTruthy();
  });

  it("pages the history, and an admin's deactivation is dated in the organization's time zone", async () => {
    const s = await setup();
    await s.sync();
    for (let i = 0; i < HISTORY_PAGE_SIZE + 2; i++) await s.edit(await s.person(), { title: `Title ${i}` });
    const u = await s.person();
    const second = await userHistory(s.db, s.org.id, u.id, 2);
    expect(second).toMatchObject({ total: HISTORY_PAGE_SIZE + 3, pages: 2 });
    expect(second.entries.map((e) => e.action)).toEqual(["update", "update", "create"]);
    await s.db.update(organizations).set({ timeZone: "Pacific/Kiritimati" }).where(eq(organizations.id, s.org.id));
    await setUserActive(s.db, s.org.id, u.id, false, s.admin.id);
    expect((await s.person()).deactivationDate).toBe(todayIn("Pacific/Kiritimati"));
  });
});
