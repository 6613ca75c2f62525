-- AlterTable
ALTER TABLE "skill_run_outputs" ADD COLUMN     "storage_key" TEXT;

-- AlterTable
ALTER TABLE "skill_runs" ADD COLUMN     "outputs_generation" INTEGER NOT NULL DEFAULT 0;
