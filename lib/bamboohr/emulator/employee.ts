import type { EmulatedEmployee } from "./types";

/** One emulated employee with plain defaults (an active full-time engineer), for companies written out by hand. */
export const emulatedEmployee = (over: Partial<EmulatedEmployee> & { id: string }): EmulatedEmployee => ({
  employeeNumber: `N${over.id}`,
  workEmail: `e${over.id}@example.com`,
  firstName: "First",
  lastName: `Last${over.id}`,
  preferredName: null,
  jobTitle: "Engineer",
  department: "Engineering",
  supervisorEId: null,
  supervisorId: null,
  workPhone: null,
  city: "Lindon",
  location: null,
  status: "Active",
  employmentStatus: { name: "Full Time", effectiveDate: "2020-01-01" },
  terminationDate: null,
  hireDate: "2020-01-01",
  ...over,
});
