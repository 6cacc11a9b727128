DROP TRIGGER "users_references_inserted" ON "users";--> statement-breakpoint
DROP TRIGGER "users_references_updated" ON "users";--> statement-breakpoint
DROP TRIGGER "departments_deleted" ON "departments";--> statement-breakpoint
DROP TRIGGER "users_deleted" ON "users";--> statement-breakpoint
DROP TRIGGER "user_changes_organization_inserted" ON "user_changes";--> statement-breakpoint
DROP TRIGGER "user_changes_organization_updated" ON "user_changes";--> statement-breakpoint
DROP TRIGGER "organizations_deleted" ON "organizations";--> statement-breakpoint
DROP FUNCTION "users_check_references"();--> statement-breakpoint
DROP FUNCTION "departments_release_users"();--> statement-breakpoint
DROP FUNCTION "users_release_reports"();--> statement-breakpoint
DROP FUNCTION "user_changes_check_organization"();--> statement-breakpoint
-- Audit rows of runs removed with their integration while the rows had no keys.
UPDATE "user_changes" c SET "run_id" = NULL WHERE "run_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "sync_runs" r WHERE r."id" = c."run_id");--> statement-breakpoint
DELETE FROM "user_changes" c WHERE "user_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "users" u WHERE u."id" = c."user_id");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_manager_id_users_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_changes" ADD CONSTRAINT "user_changes_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_changes" ADD CONSTRAINT "user_changes_run_id_sync_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."sync_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_changes" ADD CONSTRAINT "user_changes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;