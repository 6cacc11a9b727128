CREATE TABLE "sync_plan_chunks" (
	"run_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"items" text NOT NULL,
	"links" text NOT NULL,
	CONSTRAINT "sync_plan_chunks_run_id_position_pk" PRIMARY KEY("run_id","position")
);
--> statement-breakpoint
ALTER TABLE "sync_plan_chunks" ADD CONSTRAINT "sync_plan_chunks_run_id_sync_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."sync_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_plan_chunks" ALTER COLUMN "items" SET STORAGE EXTERNAL;--> statement-breakpoint
-- Runs being applied at the upgrade keep their plan: their items become chunks of 2,500 (PLAN_CHUNK), in order.
INSERT INTO "sync_plan_chunks" ("run_id", "position", "items", "links")
SELECT p."run_id", p."position" / 2500,
  json_agg(json_build_object('action', p."action", 'userId', p."user_id", 'bamboohrId', p."bamboohr_id", 'employeeId', p."employee_id", 'name', p."name", 'changes', p."changes", 'payload', p."payload") ORDER BY p."position")::text,
  coalesce(json_agg(json_build_object('b', p."bamboohr_id", 'm', p."payload"->>'managerBambooId')) FILTER (WHERE p."action" = 'create' OR p."changes"->'manager' IS NOT NULL), '[]')::text
FROM "sync_plan_items" AS p JOIN "sync_runs" AS r ON r."id" = p."run_id" AND r."status" = 'running'
GROUP BY p."run_id", p."position" / 2500;
