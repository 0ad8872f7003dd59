-- The queryable jobs table: one row per job, written only by that job's JobGrain.
-- Columns hold what is filtered and sorted; spec holds what the user asked for (written once, up to
-- 1 MiB of inline code), doc the rest of the snapshot as JSON (rewritten on every move).
CREATE SEQUENCE IF NOT EXISTS nmpi_job_id_seq;

CREATE TABLE IF NOT EXISTS nmpi_jobs (
    id            bigint      PRIMARY KEY DEFAULT nextval('nmpi_job_id_seq'),
    request_id    text        NOT NULL,
    request_hash  text        NOT NULL,
    user_id       text        NOT NULL,
    collab        text        NOT NULL,
    platform      text        NOT NULL,
    status        text        NOT NULL,
    tags          text[]      NOT NULL DEFAULT '{}',
    submitted_at  timestamptz NOT NULL,
    completed_at  timestamptz,
    -- Earliest moment something must happen to the job (lease lapse, wall time, cancel deadline).
    due_at        timestamptz,
    adapter_id    text,
    lease_epoch   bigint      NOT NULL DEFAULT 0,
    version       bigint      NOT NULL DEFAULT 1,
    spec          jsonb       NOT NULL,
    doc           jsonb       NOT NULL,
    -- Submit idempotency: the insert that acknowledges a job is also the duplicate check.
    CONSTRAINT nmpi_jobs_request_unique UNIQUE (user_id, request_id)
);

ALTER SEQUENCE nmpi_job_id_seq OWNED BY nmpi_jobs.id;

-- Every move of a job changes indexed columns, so each update writes a new entry into every index the
-- new row version belongs to: keep few full indexes, and make the rest partial so that only the rows
-- they are for (queued, due, leased, tagged) have entries. Listings go through collab (every user
-- query is limited to the collabs the caller may view) or the primary key (administrators).
CREATE INDEX IF NOT EXISTS nmpi_jobs_collab_id ON nmpi_jobs (collab, id DESC);
CREATE INDEX IF NOT EXISTS nmpi_jobs_queued ON nmpi_jobs (platform, id)
    WHERE status IN ('submitted', 'validated');
CREATE INDEX IF NOT EXISTS nmpi_jobs_due ON nmpi_jobs (due_at) WHERE due_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS nmpi_jobs_adapter ON nmpi_jobs (adapter_id)
    WHERE status IN ('validated', 'running', 'cancelling');
CREATE INDEX IF NOT EXISTS nmpi_jobs_tags ON nmpi_jobs USING gin (tags) WHERE tags <> '{}';

-- Log chunks, appended by adapters; (job_id, seq) makes a repeated append a no-op.
CREATE TABLE IF NOT EXISTS nmpi_job_logs (
    job_id      bigint      NOT NULL REFERENCES nmpi_jobs (id) ON DELETE CASCADE,
    seq         bigint      NOT NULL,
    written_at  timestamptz NOT NULL,
    text        text        NOT NULL,
    PRIMARY KEY (job_id, seq)
);
