CREATE TYPE "public"."inactive_reason" AS ENUM('terminated', 'inactive_in_bamboohr', 'no_status', 'unknown_status', 'not_started', 'prestart', 'blocklisted', 'no_employment_status', 'missing_from_bamboohr', 'manual');--> statement-breakpoint
CREATE TYPE "public"."bamboo_error_kind" AS ENUM('invalid_subdomain', 'invalid_key', 'no_permission', 'company_not_found', 'rate_limited', 'server_error', 'network', 'malformed_response', 'bad_request');--> statement-breakpoint
CREATE TYPE "public"."mail_kind" AS ENUM('error_state', 'run_running', 'run_succeeded', 'run_succeeded_with_errors', 'run_needs_review', 'run_discarded', 'run_failed', 'run_succeeded_with_warnings', 'run_superseded');--> statement-breakpoint
ALTER TABLE "sync_plan_items" ALTER COLUMN "action" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "user_changes" ALTER COLUMN "action" SET DATA TYPE text;--> statement-breakpoint
DROP TYPE "public"."plan_action";--> statement-breakpoint
CREATE TYPE "public"."plan_action" AS ENUM('create', 'update', 'deactivate', 'reactivate');--> statement-breakpoint
ALTER TABLE "sync_plan_items" ALTER COLUMN "action" SET DATA TYPE "public"."plan_action" USING "action"::"public"."plan_action";--> statement-breakpoint
ALTER TABLE "user_changes" ALTER COLUMN "action" SET DATA TYPE "public"."plan_action" USING "action"::"public"."plan_action";--> statement-breakpoint
ALTER TABLE "sync_runs" ALTER COLUMN "trigger" SET DATA TYPE text;--> statement-breakpoint
DROP TYPE "public"."sync_trigger";--> statement-breakpoint
CREATE TYPE "public"."sync_trigger" AS ENUM('schedule', 'manual', 'cli', 'webhook', 'incremental');--> statement-breakpoint
ALTER TABLE "sync_runs" ALTER COLUMN "trigger" SET DATA TYPE "public"."sync_trigger" USING "trigger"::"public"."sync_trigger";--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "inactive_reason_code" SET DATA TYPE "public"."inactive_reason" USING "inactive_reason_code"::"public"."inactive_reason";--> statement-breakpoint
ALTER TABLE "sync_runs" ALTER COLUMN "error_kind" SET DATA TYPE "public"."bamboo_error_kind" USING "error_kind"::"public"."bamboo_error_kind";--> statement-breakpoint
ALTER TABLE "mail_outbox" ALTER COLUMN "kind" SET DATA TYPE "public"."mail_kind" USING "kind"::"public"."mail_kind";