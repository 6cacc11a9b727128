ALTER TABLE "sync_plan_chunks" ADD COLUMN "size" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sync_plan_chunks" ADD COLUMN "applied" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Plans stored before: each chunk's size, and how much of it the run's cursor (`processed`) had applied.
UPDATE "sync_plan_chunks" AS c SET
  "size" = json_array_length(c."items"::json),
  "applied" = greatest(0, least(json_array_length(c."items"::json), r."processed" - c."position" * 2500))
FROM "sync_runs" AS r WHERE r."id" = c."run_id";
