ALTER TABLE "users" drop column "search_text";--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "search_text" text GENERATED ALWAYS AS (lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || chr(31) || coalesce(preferred_name, '') || chr(31) || split_part(email, '@', 1) || chr(31) || coalesce(employee_id, '') || chr(31) || coalesce(title, ''))) STORED;--> statement-breakpoint
-- Dropping the column dropped its index: built again on the new text.
CREATE INDEX "users_search_trgm_idx" ON "users" USING gin ("search_text" gin_trgm_ops);
