ALTER TABLE "users" DROP CONSTRAINT "users_department_id_departments_id_fk";
--> statement-breakpoint
ALTER TABLE "users" DROP CONSTRAINT "users_manager_id_users_id_fk";
--> statement-breakpoint
ALTER TABLE "user_changes" DROP CONSTRAINT "user_changes_organization_id_organizations_id_fk";
--> statement-breakpoint
-- The same guarantees as the foreign keys, and a little more (the department and the manager must be of the user's own
-- organization), checked once per statement against all its rows instead of once per row.
CREATE FUNCTION users_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad uuid;
BEGIN
  -- LATERAL ... LIMIT 1: one look-up by key per row (NOT EXISTS under OR was planned as a read of every user).
  SELECT n.id INTO bad FROM new_users n
  LEFT JOIN LATERAL (SELECT true AS found FROM departments d
    WHERE d.id = n.department_id AND d.organization_id = n.organization_id LIMIT 1) d ON true
  LEFT JOIN LATERAL (SELECT true AS found FROM users m
    WHERE m.id = n.manager_id AND m.organization_id = n.organization_id LIMIT 1) m ON true
  WHERE (n.department_id IS NOT NULL AND d.found IS NULL) OR (n.manager_id IS NOT NULL AND m.found IS NULL)
  LIMIT 1;
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'user % refers to a department or a manager that is not in its organization', bad
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER users_references_inserted AFTER INSERT ON users REFERENCING NEW TABLE AS new_users
  FOR EACH STATEMENT EXECUTE FUNCTION users_check_references();
--> statement-breakpoint
CREATE TRIGGER users_references_updated AFTER UPDATE ON users REFERENCING NEW TABLE AS new_users
  FOR EACH STATEMENT EXECUTE FUNCTION users_check_references();
--> statement-breakpoint
-- ON DELETE SET NULL, per statement: a deleted department or user is no longer anyone's.
CREATE FUNCTION departments_release_users() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE users u SET department_id = NULL FROM old_departments o WHERE u.department_id = o.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER departments_deleted AFTER DELETE ON departments REFERENCING OLD TABLE AS old_departments
  FOR EACH STATEMENT EXECUTE FUNCTION departments_release_users();
--> statement-breakpoint
CREATE FUNCTION users_release_reports() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE users u SET manager_id = NULL FROM old_users o WHERE u.manager_id = o.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER users_deleted AFTER DELETE ON users REFERENCING OLD TABLE AS old_users
  FOR EACH STATEMENT EXECUTE FUNCTION users_release_reports();
--> statement-breakpoint
-- Audit rows: of an organization that exists, and deleted with it (ON DELETE CASCADE, per statement).
CREATE FUNCTION user_changes_check_organization() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad uuid;
BEGIN
  SELECT n.organization_id INTO bad FROM (SELECT DISTINCT organization_id FROM new_changes) n
  WHERE NOT EXISTS (SELECT 1 FROM organizations o WHERE o.id = n.organization_id) LIMIT 1;
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'audit row of organization % that does not exist', bad USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER user_changes_organization_inserted AFTER INSERT ON user_changes REFERENCING NEW TABLE AS new_changes
  FOR EACH STATEMENT EXECUTE FUNCTION user_changes_check_organization();
--> statement-breakpoint
CREATE TRIGGER user_changes_organization_updated AFTER UPDATE ON user_changes REFERENCING NEW TABLE AS new_changes
  FOR EACH STATEMENT EXECUTE FUNCTION user_changes_check_organization();
--> statement-breakpoint
CREATE FUNCTION organizations_delete_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM user_changes c USING old_organizations o WHERE c.organization_id = o.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER organizations_deleted AFTER DELETE ON organizations REFERENCING OLD TABLE AS old_organizations
  FOR EACH STATEMENT EXECUTE FUNCTION organizations_delete_changes();
