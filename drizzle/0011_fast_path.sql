ALTER TYPE "public"."sync_trigger" ADD VALUE 'webhook';--> statement-breakpoint
ALTER TYPE "public"."sync_trigger" ADD VALUE 'incremental';--> statement-breakpoint
CREATE TABLE "pending_changes" (
	"integration_id" uuid NOT NULL,
	"bamboohr_id" varchar(64) NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pending_changes_integration_id_bamboohr_id_pk" PRIMARY KEY("integration_id","bamboohr_id")
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"integration_id" uuid NOT NULL,
	"digest" varchar(64) NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_deliveries_integration_id_digest_pk" PRIMARY KEY("integration_id","digest")
);
--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "employee_source" varchar(16);--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "prestart_days" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "instant_updates" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "webhook_setup" varchar(16);--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "webhook_id" varchar(64);--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "webhook_key_sealed" text;--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "last_webhook_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "incremental_hours" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "incremental_watermark" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "target_ids" jsonb;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "watermark" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "pending_changes" ADD CONSTRAINT "pending_changes_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;