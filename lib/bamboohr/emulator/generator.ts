import { SPEC_EMPLOYMENT_STATUSES } from "../api-types";
import type { EmulatedCompany, EmulatedEmployee } from "./types";

/** Deterministic PRNG (mulberry32) so a seed always gives the same company. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  "Charlotte",
  "Liam",
  "Olivia",
  "Noah",
  "Amelia",
  "Mateo",
  "Sofia",
  "Yuki",
  "Zoë",
  "José",
  "Chloé",
  "Björn",
  "Ana",
  "Wei",
  "Priya",
  "Kwame",
  "Ingrid",
  "Omar",
  "Léa",
  "Dmitri",
  "Aisha",
  "Hiroshi",
  "Fatima",
  "Søren",
  "Małgorzata",
  "Nguyễn",
  "Tomás",
  "Emily",
  "Lucas",
  "Grace",
];
const LAST = [
  "Abbott",
  "Nguyen",
  "García",
  "Müller",
  "Smith",
  "O'Brien",
  "Kowalski",
  "Tanaka",
  "Okafor",
  "Johansson",
  "Dubois",
  "Patel",
  "Rossi",
  "Silva",
  "Kim",
  "Chen",
  "Novak",
  "Haddad",
  "Larsen",
  "Fernández",
  "Brown",
  "Wilson",
  "Lefèvre",
  "Jensen",
  "Yamamoto",
];
const DEPARTMENTS = [
  "Engineering",
  "Sales",
  "Marketing",
  "Human Resources",
  "Finance",
  "Customer Success",
  "Operations",
  "Product",
  "Legal",
  "IT",
];
const TITLES: Record<string, string[]> = {
  Engineering: ["Software Engineer", "Senior Software Engineer", "Staff Engineer", "QA Engineer"],
  Sales: ["Account Executive", "Sales Development Rep", "Sales Manager"],
  Marketing: ["Marketing Specialist", "Content Writer", "Growth Manager"],
  "Human Resources": ["HR Generalist", "Sr. HR Administrator", "Recruiter"],
  Finance: ["Accountant", "Financial Analyst", "Controller"],
  "Customer Success": ["Support Specialist", "Customer Success Manager"],
  Operations: ["Operations Analyst", "Office Manager"],
  Product: ["Product Manager", "Product Designer"],
  Legal: ["Counsel", "Paralegal"],
  IT: ["IT Administrator", "Systems Engineer"],
};
const CITIES = ["Lindon", "Salt Lake City", "Austin", "London", "Berlin", "Toronto", "São Paulo", "Tokyo", "Remote"];

export type GenerateOptions = {
  domain: string;
  size: number;
  seed?: number;
  keys?: EmulatedCompany["keys"];
  /** Add records with malformed e-mails and shared e-mails (bad-input scenarios). */
  badData?: boolean;
  /** "Today" for future-dated statuses; defaults to now. */
  today?: Date;
};

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)];
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * A realistic company: a manager tree with supervisor ids, employee numbers that differ from internal
 * ids, terminated and inactive people, blank and future-dated employment statuses, unicode names.
 */
export function generateCompany(options: GenerateOptions): EmulatedCompany {
  const rand = seededRandom(options.seed ?? 42);
  const today = options.today ?? new Date();
  const dayMs = 86_400_000;
  const employees: EmulatedEmployee[] = new Array(options.size);
  for (let i = 0; i < options.size; i++) {
    const id = String(100 + i * 3);
    const department = pick(rand, DEPARTMENTS);
    const first = pick(rand, FIRST);
    const last = pick(rand, LAST);
    // The first person is the CEO; everyone else reports to someone earlier, which keeps the tree acyclic.
    const manager = i === 0 ? null : employees[Math.floor(rand() * Math.min(i, 1 + i / 8))];
    const roll = rand();
    const terminated = roll < 0.06;
    const inactiveOnly = !terminated && roll < 0.08;
    const statusRoll = rand();
    let employmentStatus: EmulatedEmployee["employmentStatus"] = {
      name: statusRoll < 0.08 ? "Contractor" : statusRoll < 0.12 ? "Part-Time" : statusRoll < 0.14 ? "Intern" : "Full Time",
      effectiveDate: isoDate(new Date(today.getTime() - (30 + Math.floor(rand() * 2000)) * dayMs)),
    };
    if (statusRoll > 0.985) employmentStatus = null;
    else if (statusRoll > 0.97) employmentStatus = { name: "Full Time", effectiveDate: isoDate(new Date(today.getTime() + 14 * dayMs)) };
    const ascii = (s: string) =>
      s
        .normalize("NFKD")
        .replace(/[^A-Za-z]/g, "")
        .toLowerCase();
    employees[i] = {
      id,
      employeeNumber: String(1000 + i),
      workEmail: `${ascii(first)}.${ascii(last)}.${i}@${options.domain}.example.com`,
      firstName: first,
      lastName: last,
      preferredName: rand() < 0.1 ? first.slice(0, 3) : null,
      jobTitle: pick(rand, TITLES[department]),
      department,
      supervisorEId: manager ? manager.id : null,
      supervisorId: manager ? manager.employeeNumber : null,
      workPhone: rand() < 0.8 ? `801-555-${String(1000 + (i % 9000)).padStart(4, "0")}` : null,
      city: pick(rand, CITIES),
      location: rand() < 0.5 ? "HQ" : "Remote",
      status: terminated || inactiveOnly ? "Inactive" : "Active",
      employmentStatus: terminated
        ? { name: "Terminated", effectiveDate: isoDate(new Date(today.getTime() - 20 * dayMs)) }
        : employmentStatus,
      terminationDate: terminated ? isoDate(new Date(today.getTime() - Math.floor(1 + rand() * 700) * dayMs)) : null,
      hireDate: isoDate(new Date(today.getTime() - Math.floor(30 + rand() * 3000) * dayMs)),
    };
  }
  if (options.badData && options.size >= 10) {
    employees[3].workEmail = "not-an-email";
    employees[5].workEmail = null;
    employees[8].workEmail = employees[7].workEmail;
  }
  return {
    domain: options.domain,
    keys: options.keys ?? [{ key: `${options.domain}-key` }],
    employees,
    employmentStatuses: [...SPEC_EMPLOYMENT_STATUSES, "Terminated"].map((name, i) => ({
      id: String(i + 1),
      name,
      archived: name === "Temp Agency Contractor",
    })),
  };
}
