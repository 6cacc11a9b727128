ALTER TABLE "sync_plan_items" ALTER COLUMN "changes" SET DATA TYPE json USING "changes"::json;--> statement-breakpoint
ALTER TABLE "sync_plan_items" ALTER COLUMN "payload" SET DATA TYPE json USING "payload"::json;--> statement-breakpoint
ALTER TABLE "user_changes" ALTER COLUMN "changes" SET DATA TYPE json USING "changes"::json;