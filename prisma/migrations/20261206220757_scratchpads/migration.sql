-- CreateEnum
CREATE TYPE "CellType" AS ENUM ('markdown', 'code', 'output');

-- CreateEnum
CREATE TYPE "CellStatus" AS ENUM ('pending', 'running', 'success', 'error');

-- CreateTable
CREATE TABLE "scratchpads" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "conversation_id" TEXT NOT NULL,
    "title" TEXT,
    "saved" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "scratchpads_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scratchpad_cells" (
    "id" TEXT NOT NULL,
    "scratchpad_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "type" "CellType" NOT NULL,
    "language" TEXT,
    "content" TEXT NOT NULL,
    "status" "CellStatus",
    "outputs" JSONB NOT NULL DEFAULT '[]',
    "error" TEXT,
    "execution_count" INTEGER NOT NULL DEFAULT 0,
    "run_code" TEXT,
    "run_timeout_ms" INTEGER,
    "run_workflow_id" TEXT,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "scratchpad_cells_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scratchpad_cell_events" (
    "id" BIGSERIAL NOT NULL,
    "cell_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scratchpad_cell_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "scratchpads_conversation_id_created_at_idx" ON "scratchpads"("conversation_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "scratchpad_cells_scratchpad_id_position_key" ON "scratchpad_cells"("scratchpad_id", "position");

-- CreateIndex
CREATE INDEX "scratchpad_cell_events_cell_id_id_idx" ON "scratchpad_cell_events"("cell_id", "id");

-- AddForeignKey
ALTER TABLE "scratchpads" ADD CONSTRAINT "scratchpads_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scratchpad_cells" ADD CONSTRAINT "scratchpad_cells_scratchpad_id_fkey" FOREIGN KEY ("scratchpad_id") REFERENCES "scratchpads"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scratchpad_cell_events" ADD CONSTRAINT "scratchpad_cell_events_cell_id_fkey" FOREIGN KEY ("cell_id") REFERENCES "scratchpad_cells"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A cell's event was appended: its stream viewers (src/scratchpads/cell-event-feed.ts) wake. Payload: the cell id.
-- As for run events: a trigger, so the NOTIFY is part of the appending transaction.
CREATE FUNCTION skillplane_notify_cell_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('skillplane_cell_events', NEW.cell_id);
  RETURN NULL;
END
$$;

CREATE TRIGGER scratchpad_cell_events_notify AFTER INSERT ON scratchpad_cell_events
  FOR EACH ROW EXECUTE FUNCTION skillplane_notify_cell_event();
