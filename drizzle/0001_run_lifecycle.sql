CREATE TYPE "public"."hold_reason" AS ENUM('safeguard');--> statement-breakpoint
CREATE TYPE "public"."sync_phase" AS ENUM('starting', 'fetching', 'fetched', 'planning', 'planned', 'held', 'approved', 'applying', 'linking_managers', 'done', 'failed', 'discarded', 'superseded');--> statement-breakpoint
ALTER TYPE "public"."sync_status" ADD VALUE 'succeeded_with_warnings';--> statement-breakpoint
ALTER TYPE "public"."sync_status" ADD VALUE 'superseded';--> statement-breakpoint
ALTER TABLE "sync_runs" ALTER COLUMN "phase" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "sync_runs" ALTER COLUMN "phase" SET DATA TYPE "public"."sync_phase" USING (CASE WHEN "phase" = 'linking managers' THEN 'linking_managers' WHEN "phase" IN ('starting', 'fetching', 'fetched', 'planning', 'planned', 'held', 'approved', 'applying', 'done', 'failed', 'discarded') THEN "phase" ELSE 'failed' END)::"public"."sync_phase";--> statement-breakpoint
ALTER TABLE "sync_runs" ALTER COLUMN "phase" SET DEFAULT 'starting'::"public"."sync_phase";--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "time_zone" varchar(64) DEFAULT 'America/Los_Angeles' NOT NULL;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "hold_reason" "hold_reason";--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "hold_message" text;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "approved_by" uuid;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "approved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "inngest_run_id" varchar(64);--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "snapshot_problems" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "sync_runs_inngest_run_uq" ON "sync_runs" USING btree ("inngest_run_id");--> statement-breakpoint
UPDATE "sync_runs" SET "hold_reason" = 'safeguard', "hold_message" = "warnings"->>0, "warnings" = "warnings" - 0 WHERE "status" = 'needs_review';
