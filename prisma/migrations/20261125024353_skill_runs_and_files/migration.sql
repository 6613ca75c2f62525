-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('queued', 'running', 'waiting', 'completed', 'failed', 'cancelled', 'timed_out');

-- AlterTable
ALTER TABLE "workspaces" ADD COLUMN     "budget_usd" DECIMAL(14,6);

-- CreateTable
CREATE TABLE "skill_runs" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "skill_id" TEXT,
    "skill_name" TEXT NOT NULL,
    "skill_version" INTEGER NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'queued',
    "model" TEXT NOT NULL,
    "instructions" TEXT,
    "context_paths" TEXT[],
    "notify_emails" TEXT[],
    "max_duration_seconds" INTEGER NOT NULL,
    "input_tokens" INTEGER NOT NULL DEFAULT 0,
    "output_tokens" INTEGER NOT NULL DEFAULT 0,
    "cost_usd" DECIMAL(14,6) NOT NULL DEFAULT 0,
    "console_output" TEXT NOT NULL DEFAULT '',
    "question" TEXT,
    "error" JSONB,
    "retry_of_id" TEXT,
    "schedule_id" TEXT,
    "created_by_id" TEXT,
    "workflow_started_at" TIMESTAMPTZ(3),
    "started_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "skill_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "skill_run_events" (
    "id" BIGSERIAL NOT NULL,
    "run_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "skill_run_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "skill_run_outputs" (
    "run_id" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "skill_run_outputs_pkey" PRIMARY KEY ("run_id","path")
);

-- CreateTable
CREATE TABLE "skill_run_steps" (
    "run_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "result" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "skill_run_steps_pkey" PRIMARY KEY ("run_id","key")
);

-- CreateTable
CREATE TABLE "files" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,
    "mime_type" TEXT NOT NULL,
    "project_id" TEXT,
    "conversation_id" TEXT,
    "storage_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "files_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "skill_runs_workspace_id_created_at_idx" ON "skill_runs"("workspace_id", "created_at");

-- CreateIndex
CREATE INDEX "skill_runs_workspace_id_status_idx" ON "skill_runs"("workspace_id", "status");

-- CreateIndex
CREATE INDEX "skill_runs_schedule_id_idx" ON "skill_runs"("schedule_id");

-- CreateIndex
CREATE INDEX "skill_runs_workflow_started_at_idx" ON "skill_runs"("workflow_started_at");

-- CreateIndex
CREATE INDEX "skill_run_events_run_id_id_idx" ON "skill_run_events"("run_id", "id");

-- CreateIndex
CREATE INDEX "files_workspace_id_created_at_idx" ON "files"("workspace_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "files_workspace_id_path_key" ON "files"("workspace_id", "path");

-- AddForeignKey
ALTER TABLE "skill_runs" ADD CONSTRAINT "skill_runs_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "skill_runs" ADD CONSTRAINT "skill_runs_skill_id_fkey" FOREIGN KEY ("skill_id") REFERENCES "skills"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "skill_run_events" ADD CONSTRAINT "skill_run_events_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "skill_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "skill_run_outputs" ADD CONSTRAINT "skill_run_outputs_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "skill_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "skill_run_steps" ADD CONSTRAINT "skill_run_steps_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "skill_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "files" ADD CONSTRAINT "files_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
