-- Job listings with a million jobs in the table: a listing scans its collab's range of this index, newest
-- first, and the included columns hold every filter, so the scan for a page's ids and the count of
-- matches read the index alone (see JobStore.ListAsync). It replaces the plain (collab, id DESC) index: one
-- full index still, so a job's move writes no more index entries than before, only wider ones.
CREATE INDEX IF NOT EXISTS nmpi_jobs_collab_listing ON nmpi_jobs (collab, id DESC)
    INCLUDE (status, platform, user_id, submitted_at, tags);
DROP INDEX IF EXISTS nmpi_jobs_collab_id;
