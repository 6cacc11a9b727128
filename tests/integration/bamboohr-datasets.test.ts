import { describe, expect, it } from "vitest";
import { createBambooClient } from "@/lib/bamboohr/client";
import { BambooServerError } from "@/lib/bamboohr/errors";
import { emulatedCompany, fastRetry } from "../helpers/emulator";

async function setup(options: Parameters<typeof emulatedCompany>[0] = {}) {
  const ctx = await emulatedCompany(options);
  const sleeps: number[] = [];
  const client = createBambooClient({
    subdomain: ctx.domain,
    apiKey: ctx.key,
    baseUrl: ctx.emu.url,
    retry: { ...fastRetry, sleep: async (ms) => void sleeps.push(ms) },
  });
  const paths = () =>
    ctx.emu.requests.filter((r) => r.company === ctx.domain).map((r) => `${r.status} ${r.path.replace(/^.*?\/(v1|v1_2|v2)\//, "$1/")}`);
  return { ...ctx, client, sleeps, paths };
}

const byId = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));

describe("[BAMBOOHR] Datasets API, with custom reports as the fallback", () => {
  it("reads every employee through the dataset, a page of 1,000 at a time, the same as the report", async () => {
    const { client, paths } = await setup({ size: 2_300, badData: true });
    const viaDataset = await client.fetchEmployees();
    expect(viaDataset.source).toBe("datasets");
    expect(paths()).toEqual([
      "200 v1_2/datasets/employee/fields?page=1&page_size=1000",
      ...[1, 2, 3].map(() => "200 v2/datasets/employee/data"),
    ]);
    const viaReport = await client.fetchEmployees("reports");
    expect(viaReport.source).toBe("reports");
    expect(viaDataset.employees).toHaveLength(viaReport.employees.length);
    expect(byId(viaDataset.employees)).toEqual(byId(viaReport.employees));
    expect(byId(viaDataset.problems.map((p) => ({ id: p.id ?? "", reason: p.reason })))).toEqual(
      byId(viaReport.problems.map((p) => ({ id: p.id ?? "", reason: p.reason }))),
    );
    expect(viaDataset.missingFields).toEqual([]);
  });

  it("falls back to the custom report when the key may not use the Datasets API", async () => {
    const { client, company, paths } = await setup({ size: 40, mutate: (c) => (c.keys[0].datasets = false) });
    const snapshot = await client.fetchEmployees();
    expect(snapshot.source).toBe("reports");
    expect(snapshot.employees).toHaveLength(company.employees.length);
    expect(paths()).toEqual([
      "403 v1_2/datasets/employee/fields?page=1&page_size=1000",
      "200 v1/reports/custom?format=JSON&onlyCurrent=true",
    ]);
  });

  it("honours Retry-After on a page in the middle, and goes on from that page", async () => {
    const { client, emu, domain, sleeps, paths, company } = await setup({ size: 3_500 });
    emu.injectFault(domain, { type: "rate_limit", status: 429, retryAfter: "4" }, 1, { path: "datasets/employee/data", page: 3 });
    const snapshot = await client.fetchEmployees();
    expect(snapshot.employees).toHaveLength(company.employees.length);
    expect(sleeps).toEqual([4000]);
    // Pages 2-4 in flight together; page 3 alone waited and was asked again.
    const data = paths().filter((p) => p.endsWith("employee/data"));
    expect(data).toHaveLength(5);
    expect(data.filter((p) => p.startsWith("429"))).toHaveLength(1);
  });

  it("a page that keeps failing fails the whole read (no partial snapshot, no silent switch to reports)", async () => {
    const { client, emu, domain, paths } = await setup({ size: 3_500 });
    emu.injectFault(domain, { type: "server_error", status: 500 }, 10, { path: "datasets/employee/data", page: 3 });
    await expect(client.fetchEmployees()).rejects.toBeInstanceOf(BambooServerError);
    expect(paths().some((p) => p.includes("reports/custom"))).toBe(false);
    expect(paths().filter((p) => p.startsWith("500"))).toHaveLength(4);
  });

  it("fields the key cannot see in the dataset are reported missing, as with a report", async () => {
    const { client } = await setup({
      mutate: (c) => (c.keys[0].fields = ["employeeNumber", "firstName", "lastName", "workEmail", "status"]),
    });
    const snapshot = await client.fetchEmployees();
    expect(snapshot.source).toBe("datasets");
    expect(snapshot.missingFields).toEqual(expect.arrayContaining(["jobTitle", "department", "terminationDate", "hireDate", "city"]));
    expect(snapshot.missingFields).not.toContain("workEmail");
  });
});

describe("[BAMBOOHR] one employee at a time (targeted syncs)", () => {
  it("reads the given employees; an id BambooHR no longer knows is listed apart", async () => {
    const { client, company } = await setup({ size: 30 });
    const ids = [company.employees[3].id, company.employees[7].id, "99999"];
    const snapshot = await client.fetchEmployeesById(ids);
    expect(snapshot.employees.map((e) => e.id).sort()).toEqual(ids.slice(0, 2).sort());
    expect(snapshot.notFound).toEqual(["99999"]);
    expect(snapshot.missingFields).toEqual([]);
    const report = await client.fetchEmployees("reports");
    const expected = report.employees.filter((e) => ids.includes(e.id));
    expect(byId(snapshot.employees)).toEqual(byId(expected));
  });

  it("a field the key cannot see is missing, never read as empty", async () => {
    const { client, company } = await setup({
      mutate: (c) => (c.keys[0].fields = ["firstName", "lastName", "workEmail", "status", "hireDate", "terminationDate"]),
    });
    const snapshot = await client.fetchEmployeesById([company.employees[0].id]);
    expect(snapshot.missingFields).toEqual(expect.arrayContaining(["jobTitle", "department", "employeeNumber"]));
    expect(snapshot.missingFields).not.toContain("status");
  });
});
