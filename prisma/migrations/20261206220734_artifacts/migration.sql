-- CreateEnum
CREATE TYPE "ArtifactType" AS ENUM ('app', 'report', 'doc', 'dashboard');

-- CreateEnum
CREATE TYPE "ArtifactSource" AS ENUM ('user', 'agent');

-- CreateTable
CREATE TABLE "artifacts" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "type" "ArtifactType" NOT NULL,
    "path" TEXT NOT NULL,
    "root" TEXT NOT NULL,
    "source" "ArtifactSource" NOT NULL,
    "conversation_id" TEXT,
    "response_id" TEXT,
    "created_by_id" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "size" BIGINT NOT NULL,
    "file_count" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "artifacts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "artifact_files" (
    "artifact_id" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,
    "mime_type" TEXT NOT NULL,
    "storage_key" TEXT NOT NULL,

    CONSTRAINT "artifact_files_pkey" PRIMARY KEY ("artifact_id","path")
);

-- CreateIndex
CREATE INDEX "artifacts_workspace_id_created_at_idx" ON "artifacts"("workspace_id", "created_at");

-- CreateIndex
CREATE INDEX "artifacts_project_id_created_at_idx" ON "artifacts"("project_id", "created_at");

-- CreateIndex
CREATE INDEX "artifacts_conversation_id_idx" ON "artifacts"("conversation_id");

-- CreateIndex
CREATE UNIQUE INDEX "artifacts_project_id_root_key" ON "artifacts"("project_id", "root");

-- AddForeignKey
ALTER TABLE "artifacts" ADD CONSTRAINT "artifacts_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "artifacts" ADD CONSTRAINT "artifacts_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "artifacts" ADD CONSTRAINT "artifacts_response_id_fkey" FOREIGN KEY ("response_id") REFERENCES "responses"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "artifact_files" ADD CONSTRAINT "artifact_files_artifact_id_fkey" FOREIGN KEY ("artifact_id") REFERENCES "artifacts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
