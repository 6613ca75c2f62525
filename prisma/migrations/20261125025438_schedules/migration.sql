-- CreateTable
CREATE TABLE "schedules" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "cron_expression" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "skill_id" TEXT,
    "instructions" TEXT,
    "context_paths" TEXT[],
    "notify_emails" TEXT[],
    "model" TEXT,
    "project_id" TEXT,
    "conversation_id" TEXT,
    "prompt" TEXT,
    "overlap_policy" TEXT NOT NULL,
    "catchup_window_seconds" INTEGER NOT NULL,
    "paused_by" TEXT,
    "pause_note" TEXT,
    "created_by_id" TEXT,
    "synced_at" TIMESTAMPTZ(3),
    "deleting_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "schedules_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "schedules_workspace_id_created_at_idx" ON "schedules"("workspace_id", "created_at");

-- AddForeignKey
ALTER TABLE "schedules" ADD CONSTRAINT "schedules_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
