-- Rate-limit counters are hot rows updated on every request. UNLOGGED skips the write-ahead log, so an update does not
-- wait for a WAL flush. After a PostgreSQL crash the table is emptied, which only resets the current windows.
ALTER TABLE "rate_limit_counters" SET UNLOGGED;
