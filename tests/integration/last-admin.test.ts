import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "@/lib/db/schema";
import { setUserActive } from "@/lib/directory/users";
import { createOrg, createUser } from "../helpers/factories";

describe("[USERS] the last active admin", () => {
  it("is never deactivated by hand, not even by two admins deactivating each other at once", async () => {
    const { db, org, admin } = await createOrg();
    expect(await setUserActive(db, org.id, admin.id, false, admin.id)).toBe("last_admin");
    const second = await createUser(db, org.id, { role: "admin" });
    const results = await Promise.all([
      setUserActive(db, org.id, admin.id, false, second.id),
      setUserActive(db, org.id, second.id, false, admin.id),
    ]);
    expect(results.sort()).toEqual([true, "last_admin"].sort());
    const active = await db
      .select()
      .from(users)
      .where(and(eq(users.organizationId, org.id), eq(users.role, "admin"), eq(users.active, true)));
    expect(active).toHaveLength(1);
    // A member is deactivated as before.
    const member = await createUser(db, org.id);
    expect(await setUserActive(db, org.id, member.id, false, admin.id)).toBe(true);
  });
});
