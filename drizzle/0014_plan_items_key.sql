ALTER TABLE "sync_plan_items" DROP COLUMN "id";--> statement-breakpoint
DROP INDEX "sync_plan_run_idx";--> statement-breakpoint
ALTER TABLE "sync_plan_items" ADD CONSTRAINT "sync_plan_items_run_id_position_pk" PRIMARY KEY("run_id","position");
