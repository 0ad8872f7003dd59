-- Job listings with a million jobs in the table: a listing scans its collab's range of this index, newest
-- first, and the included columns hold every filter, so the scan for a page's ids and the count of
-- matches read the index alone (see JobStore.ListAsync). It replaces the plain (collab, id DESC) index: one
-- full index still, so a job's move writes no more index entries than before, only wider ones.
CREATE INDEX IF NOT EXISTS nmpi_jobs_collab_listing ON nmpi_jobs (collab, id DESC)
    INCLUDE (status, platform, user_id, submitted_at, tags);
DROP INDEX IF EXISTS nmpi_jobs_collab_id;

-- Submission-time filters ("the last 24 hours", a month two years ago): jobs are stored roughly in the order they
-- are submitted, so a block-range index on submitted_at is tiny, costs next to nothing to keep, and turns a date
-- window's count (and, where the planner sees the window is narrow, its page) into a read of those blocks only.
CREATE INDEX IF NOT EXISTS nmpi_jobs_submitted_blocks ON nmpi_jobs USING brin (submitted_at)
    WITH (pages_per_range = 32, autosummarize = on);
