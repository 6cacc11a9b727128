ALTER TYPE "public"."mail_kind" ADD VALUE 'welcome' BEFORE 'run_running';--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "user_change_id" uuid;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD CONSTRAINT "mail_outbox_user_change_id_user_changes_id_fk" FOREIGN KEY ("user_change_id") REFERENCES "public"."user_changes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "mail_outbox_user_change_uq" ON "mail_outbox" USING btree ("user_change_id");