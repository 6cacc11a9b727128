-- Staged snapshots are transient (a run in progress reads them again if they are gone): cleared, then stored as chunks.
DELETE FROM "sync_staged_employees";--> statement-breakpoint
ALTER TABLE "sync_staged_employees" DROP COLUMN "record";