-- Platform statistics (/statistics/*): completed jobs by completion time, charges by charge time.
-- The INCLUDE columns let the statistics read these indexes alone; the partial predicate keeps waiting and
-- running jobs (the rows that change most) out of the first one.
CREATE INDEX IF NOT EXISTS nmpi_jobs_completed ON nmpi_jobs (completed_at)
    INCLUDE (platform, status, submitted_at, user_id) WHERE completed_at IS NOT NULL;

CREATE INDEX IF NOT EXISTS nmpi_quota_ledger_charged ON nmpi_quota_ledger (charged_at) INCLUDE (platform, amount);
