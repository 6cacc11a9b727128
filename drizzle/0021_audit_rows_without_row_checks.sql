ALTER TABLE "user_changes" DROP CONSTRAINT "user_changes_run_id_sync_runs_id_fk";
--> statement-breakpoint
ALTER TABLE "user_changes" DROP CONSTRAINT "user_changes_user_id_users_id_fk";
