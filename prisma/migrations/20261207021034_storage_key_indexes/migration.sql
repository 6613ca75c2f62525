-- CreateIndex
CREATE INDEX "artifact_files_storage_key_idx" ON "artifact_files"("storage_key");

-- CreateIndex
CREATE INDEX "files_storage_key_idx" ON "files"("storage_key");

-- CreateIndex
CREATE INDEX "skill_run_outputs_storage_key_idx" ON "skill_run_outputs"("storage_key");
