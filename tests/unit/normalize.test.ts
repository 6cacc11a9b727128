import { describe, expect, it } from "vitest";
import { normalizeDate, normalizeEmployee, normalizeText } from "@/lib/bamboohr/normalize";
import { cleanText } from "@/lib/text";
import { extractSubdomain, validateSubdomain } from "@/lib/bamboohr/subdomain";
import { parseRetryAfter } from "@/lib/bamboohr/retry";

describe("[BAMBOOHR] normalisation", () => {
  it.each([
    [null, null],
    [undefined, null],
    ["", null],
    ["   ", null],
    ["  Ana  ", "Ana"],
    [42, "42"],
    [{ a: 1 }, null],
  ])("text %j -> %j", (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it.each([
    ["0000-00-00", null, 0],
    ["", null, 0],
    [null, null, 0],
    ["2024-02-29", "2024-02-29", 0],
    ["2023-02-29", null, 1],
    ["2021-13-01", null, 1],
    ["15/03/2021", null, 1],
    [20210315, null, 1],
  ])("date %j -> %j with %i flag(s)", (input, expected, flagCount) => {
    const flags: string[] = [];
    expect(normalizeDate(input, "terminationDate", flags)).toBe(expected);
    expect(flags).toHaveLength(flagCount);
  });

  it("maps every field of a record and flags a bad e-mail without losing the record", () => {
    const result = normalizeEmployee({
      id: 4,
      employeeNumber: " 1 ",
      workEmail: "cabbott@",
      firstName: "Charlotte",
      lastName: "Abbott",
      preferredName: "",
      jobTitle: "Sr. HR Administrator",
      department: "Human Resources",
      supervisorEId: "9",
      supervisorId: "7",
      workPhone: "801-724-6600",
      city: "Lindon",
      location: "HQ",
      status: "Active",
      employmentHistoryStatus: "Full-Time",
      terminationDate: "0000-00-00",
      hireDate: "2019-01-02",
    });
    expect(result).toEqual({
      employee: {
        id: "4",
        employeeNumber: "1",
        workEmail: null,
        firstName: "Charlotte",
        lastName: "Abbott",
        preferredName: null,
        jobTitle: "Sr. HR Administrator",
        department: "Human Resources",
        supervisorEId: "9",
        supervisorId: "7",
        workPhone: "801-724-6600",
        city: "Lindon",
        location: "HQ",
        status: "Active",
        employmentHistoryStatus: "Full-Time",
        terminationDate: null,
        hireDate: "2019-01-02",
        flags: ['workEmail: "cabbott@" is not a valid e-mail address'],
      },
    });
  });

  it.each([[null], ["text"], [[1, 2]], [{ firstName: "No id" }]])("reports %j as a per-record problem", (raw) => {
    expect(normalizeEmployee(raw)).toHaveProperty("problem");
  });
});

describe("[BAMBOOHR] subdomain and Retry-After", () => {
  it.each([
    ["acme", "acme"],
    ["https://acme.bamboohr.com/employees/", "acme"],
    ["Acme-Corp.BambooHR.com", "acme-corp"],
    ["evil.com/", "evil.com/"],
  ])("extracts %j -> %j", (input, expected) => {
    expect(extractSubdomain(input)).toBe(expected);
  });

  it("folds case and accepts 63 characters", () => {
    expect(validateSubdomain("ACME")).toBe("acme");
    expect(validateSubdomain("a".repeat(63))).toBe("a".repeat(63));
  });

  it("parses both Retry-After forms", () => {
    expect(parseRetryAfter("120")).toBe(120_000);
    expect(parseRetryAfter(new Date(5_000).toUTCString(), 0)).toBe(5_000);
    expect(parseRetryAfter("soon")).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });
});

describe("[BAMBOOHR] text PostgreSQL can store", () => {
  it.each([
    ["plain", "plain", false],
    ["Zoë 🙂 Łukasz", "Zoë 🙂 Łukasz", false],
    ["Ann\u0000a", "Anna", true],
    ["bell\u0007", "bell", true],
    ["C1\u009b", "C1", true],
    ["line\nbreak\ttab", "line break tab", true],
    ["lone \ud800 high", "lone \ufffd high", true],
    ["lone \udc00 low", "lone \ufffd low", true],
  ])("%j becomes %j", (input, text, changed) => {
    expect(cleanText(input)).toEqual({ text, changed });
  });

  it("a record's cleaned field is flagged; an id or e-mail that needs cleaning is refused, never repaired", () => {
    const read = normalizeEmployee({ id: "7", firstName: "Ann\u0000a", workEmail: "a\u0000@example.com" });
    expect(read).toMatchObject({ employee: { firstName: "Anna", workEmail: null } });
    const flags = "employee" in read ? read.employee.flags : [];
    expect(flags).toEqual([
      expect.stringMatching(/^workEmail: .* is not a valid e-mail address$/),
      "firstName: control characters or broken Unicode were removed",
    ]);
    expect(normalizeEmployee({ id: "7\u0000" })).toEqual({
      problem: { id: null, reason: "The BambooHR id has control characters or broken Unicode; the record was not read." },
    });
  });
});
