import { sql } from "drizzle-orm";
import {
  boolean,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { timeOrderedId } from "./time-ordered-id";
import { departments } from "./departments";
import { organizations } from "./organizations";

export const userRole = pgEnum("user_role", ["admin", "member"]);

/** Why a user is inactive: the sync's reasons (lib/sync/plan/activation.ts), or an admin's hand; the sentence is stored beside it. */
export const INACTIVE_REASONS = [
  "terminated",
  "inactive_in_bamboohr",
  "no_status",
  "unknown_status",
  "not_started",
  "prestart",
  "blocklisted",
  "no_employment_status",
  "missing_from_bamboohr",
  "manual",
] as const;
export type InactiveReasonCode = (typeof INACTIVE_REASONS)[number];
export const inactiveReason = pgEnum("inactive_reason", INACTIVE_REASONS);
export const userSource = pgEnum("user_source", ["manual", "bamboohr"]);

// Column widths are enforced by the sync too (too-long values are reported, not truncated).
export const USER_FIELD_MAX = {
  employeeId: 64,
  email: 254,
  firstName: 100,
  lastName: 100,
  preferredName: 100,
  title: 200,
  phone: 64,
  location: 200,
} as const;

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().default(timeOrderedId),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    employeeId: varchar("employee_id", { length: USER_FIELD_MAX.employeeId }),
    email: varchar("email", { length: USER_FIELD_MAX.email }),
    firstName: varchar("first_name", { length: USER_FIELD_MAX.firstName }).notNull().default(""),
    lastName: varchar("last_name", { length: USER_FIELD_MAX.lastName }).notNull().default(""),
    preferredName: varchar("preferred_name", { length: USER_FIELD_MAX.preferredName }),
    title: varchar("title", { length: USER_FIELD_MAX.title }),
    departmentId: uuid("department_id").references(() => departments.id, { onDelete: "set null" }),
    managerId: uuid("manager_id").references((): AnyPgColumn => users.id, { onDelete: "set null" }),
    phone: varchar("phone", { length: USER_FIELD_MAX.phone }),
    location: varchar("location", { length: USER_FIELD_MAX.location }),
    active: boolean("active").notNull().default(true),
    deactivationDate: date("deactivation_date", { mode: "string" }),
    /** BambooHR's Hire Date: the first day (the dashboard lists the coming ones). */
    startDate: date("start_date", { mode: "string" }),
    // Why the sync made this user inactive: a code and a sentence for admins.
    inactiveReasonCode: inactiveReason("inactive_reason_code"),
    inactiveReason: varchar("inactive_reason", { length: 400 }),
    role: userRole("role").notNull().default("member"),
    passwordHash: varchar("password_hash", { length: 200 }),
    failedLogins: integer("failed_logins").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    source: userSource("source").notNull().default("manual"),
    bamboohrId: varchar("bamboohr_id", { length: 64 }),
    /** The single sign-on identity (issuer and subject of the ID token) this account was first signed in with. */
    oidcIssuer: varchar("oidc_issuer", { length: 500 }),
    oidcSubject: varchar("oidc_subject", { length: 255 }),
    lastSyncedAt: timestamp("last_synced_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * What the directory's search looks in, lower-cased, fields apart (chr(31)) but "first last" together. The e-mail
     * without its domain: an organization's domain is in nearly every address, so it matched everyone and made the index
     * costly to keep; a search with an "@" looks at the whole address.
     */
    searchText: text("search_text").generatedAlwaysAs(
      sql`lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || chr(31) || coalesce(preferred_name, '') || chr(31) || split_part(coalesce(email, ''), '@', 1) || chr(31) || coalesce(employee_id, '') || chr(31) || coalesce(title, ''))`,
    ),
  },
  (t) => [
    uniqueIndex("users_org_email_uq").on(t.organizationId, sql`lower(${t.email})`),
    uniqueIndex("users_org_bamboohr_uq").on(t.organizationId, t.bamboohrId),
    uniqueIndex("users_org_oidc_uq").on(t.organizationId, t.oidcIssuer, t.oidcSubject),
    index("users_org_name_idx").on(t.organizationId, t.lastName, t.firstName),
    // A department's users by name: the department filter, and each department's part of the table sorted by department.
    index("users_org_department_name_idx").on(t.organizationId, t.departmentId, t.lastName, t.firstName),
    // Search by any part of a name, e-mail, employee # or title: trigrams, so "%smith%" is an index scan in a large directory.
    index("users_search_trgm_idx").using("gin", t.searchText.op("gin_trgm_ops")),
  ],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
