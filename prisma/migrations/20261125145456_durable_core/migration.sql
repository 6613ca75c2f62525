-- AlterTable
ALTER TABLE "skill_runs" ADD COLUMN     "checked_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "skill_run_messages" (
    "run_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "message" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "skill_run_messages_pkey" PRIMARY KEY ("run_id","seq")
);

-- CreateIndex
CREATE INDEX "skill_runs_status_updated_at_idx" ON "skill_runs"("status", "updated_at");

-- AddForeignKey
ALTER TABLE "skill_run_messages" ADD CONSTRAINT "skill_run_messages_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "skill_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
