-- Text deltas are no longer folded into `responses.output` as they are appended (each append rewrote the whole
-- growing output); `output_seq` says how far the output is folded. Every existing output is folded to its end.
ALTER TABLE "responses" ADD COLUMN     "output_seq" INTEGER NOT NULL DEFAULT 0;
UPDATE "responses" SET "output_seq" = "last_seq";
