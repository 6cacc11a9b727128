import type { BambooEmployee } from "@/lib/bamboohr/normalize";
import { planSync } from "@/lib/sync/plan/planner";
import type { ExistingUser } from "@/lib/sync/plan/types";

// Records for the pure planner: a BambooHR employee, and the Roster user it became.
export const emp = (id: string, over: Partial<BambooEmployee> = {}): BambooEmployee => ({
  id,
  employeeNumber: `N${id}`,
  workEmail: `e${id}@x.test`,
  firstName: `F${id}`,
  lastName: `L${id}`,
  preferredName: null,
  jobTitle: "Engineer",
  department: "Eng",
  supervisorEId: null,
  supervisorId: null,
  workPhone: null,
  city: null,
  location: null,
  status: "Active",
  employmentHistoryStatus: "Full Time",
  terminationDate: null,
  hireDate: null,
  flags: [],
  ...over,
});

export const existing = (id: string, e: BambooEmployee, over: Partial<ExistingUser> = {}): ExistingUser => ({
  id,
  bamboohrId: e.id,
  source: "bamboohr",
  role: "member",
  email: e.workEmail!,
  employeeId: e.employeeNumber,
  firstName: e.firstName!,
  lastName: e.lastName!,
  preferredName: e.preferredName,
  title: e.jobTitle,
  department: e.department,
  managerId: null,
  managerBambooId: null,
  phone: e.workPhone,
  location: e.city,
  startDate: e.hireDate,
  active: true,
  deactivationDate: null,
  inactiveReasonCode: null,
  inactiveReason: null,
  ...over,
});

export const plan = (employees: BambooEmployee[], users: ExistingUser[] = [], extra: Partial<Parameters<typeof planSync>[0]> = {}) =>
  planSync({ employees, users, departments: ["Eng"], blocklist: [], today: "2026-06-15", ...extra });
