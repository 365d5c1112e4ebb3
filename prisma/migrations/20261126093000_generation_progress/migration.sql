-- Multi-photo video: per-stage progress of a generation rendered in the worker.
ALTER TABLE "Generation" ADD COLUMN "progress" JSONB;
