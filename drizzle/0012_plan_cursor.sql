-- Runs in progress keep their place: the run's processed becomes the apply cursor (items apply in position order).
UPDATE "sync_runs" AS r SET "processed" = COALESCE((SELECT max(p."position") + 1 FROM "sync_plan_items" AS p WHERE p."run_id" = r."id" AND p."applied_at" IS NOT NULL), 0) WHERE r."status" IN ('running', 'needs_review');--> statement-breakpoint
DROP INDEX "sync_plan_unapplied_idx";--> statement-breakpoint
ALTER TABLE "sync_plan_items" DROP COLUMN "applied_at";
