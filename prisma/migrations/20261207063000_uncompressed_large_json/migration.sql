-- Large JSON values (a model's answer, a transcript message, a stream's text deltas) are stored out of line without
-- compression. PostgreSQL's built-in pglz costs ~20 ms of CPU per 700 KB value (this build has no lz4), and the same
-- answer is written to several of these columns in the commit of the step that produced it, on the path of a
-- streamed response's last tokens. Values under ~2 KB stay inline as before; larger ones take up to about twice the
-- disk space (README, *Storage of large JSON*).
ALTER TABLE "response_events" ALTER COLUMN "data" SET STORAGE EXTERNAL;
ALTER TABLE "responses" ALTER COLUMN "output" SET STORAGE EXTERNAL;
ALTER TABLE "conversation_items" ALTER COLUMN "data" SET STORAGE EXTERNAL;
ALTER TABLE "skill_run_events" ALTER COLUMN "data" SET STORAGE EXTERNAL;
ALTER TABLE "skill_run_messages" ALTER COLUMN "message" SET STORAGE EXTERNAL;
ALTER TABLE "skill_run_steps" ALTER COLUMN "result" SET STORAGE EXTERNAL;
ALTER TABLE "webhook_events" ALTER COLUMN "data" SET STORAGE EXTERNAL;
