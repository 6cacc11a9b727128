import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "@/lib/db/schema";
import { orgGraph } from "@/lib/directory/org-chart";
import { createOrg, createUser } from "../helpers/factories";

describe("[DIRECTORY] the org chart", () => {
  it("tops, counts, the way to a person, and the people listed apart", async () => {
    const { db, org } = await createOrg();
    const make = (firstName: string, values: Parameters<typeof createUser>[2] = {}) =>
      createUser(db, org.id, { firstName, lastName: "X", ...values });
    const ceo = await make("Ceo");
    const vp = await make("Vp", { managerId: ceo.id });
    const lead = await make("Lead", { managerId: vp.id });
    await make("Dev", { managerId: lead.id });
    await make("Ops", { managerId: vp.id });
    const gone = await make("Gone", { active: false, managerId: ceo.id });
    await make("Orphan", { managerId: gone.id });
    await make("Alone");
    const a = await make("LoopA");
    const b = await make("LoopB", { managerId: a.id });
    await db.update(users).set({ managerId: b.id }).where(eq(users.id, a.id));
    const g = await orgGraph(db, org.id);
    expect(g.roots.map((n) => [n.name, n.direct, n.total])).toEqual([["Ceo X", 2, 6]]);
    expect(g.childrenOf(vp.id).map((n) => [n.name, n.direct, n.total])).toEqual([
      ["Lead X", 1, 1],
      ["Ops X", 0, 0],
    ]);
    expect(g.pathTo(lead.id)).toEqual([ceo.id, vp.id]);
    // The organization's own admin (no name, no reports) and Alone have no manager and nobody below them.
    expect(g.alone.map((n) => n.name)).toEqual(["(no name)", "Alone X"]);
    expect(g.toInactive.map((n) => n.name)).toEqual(["Orphan X"]);
    expect(g.loops.map((n) => n.name)).toEqual(["LoopA X", "LoopB X"]);
    expect(g.childrenOf(ceo.id).find((n) => n.name === "Gone X")).toMatchObject({ active: false, direct: 1 });
  });

  it("10,000 people: one level at a time, the counts of a deep tree right", async () => {
    const { db, org } = await createOrg();
    // A chain of 100 managers, each with 99 reports: 10,000 people, 100 levels deep.
    const ids = Array.from({ length: 10_000 }, () => randomUUID());
    const rows = ids.map((id, i) => ({
      id,
      organizationId: org.id,
      email: `p${i}-${org.id.slice(0, 6)}@example.test`,
      firstName: `P${i}`,
      lastName: "Deep",
      managerId: i === 0 ? null : i % 100 === 0 ? ids[i - 100] : ids[i - (i % 100)],
    }));
    for (let i = 0; i < rows.length; i += 2000) await db.insert(users).values(rows.slice(i, i + 2000));
    const g = await orgGraph(db, org.id);
    expect(g.size).toBe(10_001);
    expect(g.roots.map((n) => [n.name, n.direct, n.total])).toEqual([["P0 Deep", 100, 9_999]]);
    expect(g.childrenOf(ids[0])).toHaveLength(100);
    expect(g.childrenOf(ids[9_900]).map((n) => n.total)).toEqual(Array(99).fill(0));
    expect(g.pathTo(ids[9_950])).toHaveLength(100);
  });
});
