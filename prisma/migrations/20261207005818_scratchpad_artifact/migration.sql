-- AlterTable
ALTER TABLE "scratchpads" ADD COLUMN     "artifact_id" TEXT;

-- CreateIndex
CREATE INDEX "scratchpads_artifact_id_idx" ON "scratchpads"("artifact_id");

-- AddForeignKey
ALTER TABLE "scratchpads" ADD CONSTRAINT "scratchpads_artifact_id_fkey" FOREIGN KEY ("artifact_id") REFERENCES "artifacts"("id") ON DELETE SET NULL ON UPDATE CASCADE;
