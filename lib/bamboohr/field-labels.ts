import type { BambooEmployee } from "./normalize";

/** BambooHR's own names of the fields Roster reads, for messages to admins. */
export const BAMBOO_FIELD_LABEL: Partial<Record<keyof BambooEmployee, string>> = {
  employeeNumber: "Employee #",
  workEmail: "Work Email",
  firstName: "First Name",
  lastName: "Last Name",
  preferredName: "Preferred Name",
  jobTitle: "Job Title",
  department: "Department",
  supervisorEId: "Reports To",
  supervisorId: "Reports To (employee #)",
  workPhone: "Work Phone",
  city: "City",
  location: "Location",
  status: "Status",
  employmentHistoryStatus: "Employment Status",
  terminationDate: "Termination Date",
  hireDate: "Hire Date",
};
