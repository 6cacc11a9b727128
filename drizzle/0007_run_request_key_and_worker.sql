ALTER TABLE "sync_runs" ADD COLUMN "request_key" varchar(200);--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "worker" varchar(300);--> statement-breakpoint
CREATE UNIQUE INDEX "sync_runs_request_key_uq" ON "sync_runs" USING btree ("request_key");