ALTER TABLE "sync_staged_employees" ADD COLUMN "records" text NOT NULL;--> statement-breakpoint
-- Written once and read once: not worth compressing.
ALTER TABLE "sync_staged_employees" ALTER COLUMN "records" SET STORAGE EXTERNAL;