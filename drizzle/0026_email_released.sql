-- An account can be left without an e-mail: a BambooHR account whose record no longer has its address gives it up to
-- the person BambooHR now gives it to (issue 27). The search text reads the address through coalesce, and its index
-- goes with the column it is rebuilt from.
ALTER TABLE "users" ALTER COLUMN "email" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "users" drop column "search_text";--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "search_text" text GENERATED ALWAYS AS (lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || chr(31) || coalesce(preferred_name, '') || chr(31) || split_part(coalesce(email, ''), '@', 1) || chr(31) || coalesce(employee_id, '') || chr(31) || coalesce(title, ''))) STORED;--> statement-breakpoint
CREATE INDEX "users_search_trgm_idx" ON "users" USING gin ("search_text" gin_trgm_ops);
