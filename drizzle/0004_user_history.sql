DROP INDEX "user_changes_user_idx";--> statement-breakpoint
ALTER TABLE "user_changes" ADD COLUMN "changed_by" uuid;--> statement-breakpoint
CREATE INDEX "user_changes_user_idx" ON "user_changes" USING btree ("user_id","created_at");