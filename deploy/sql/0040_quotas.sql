-- Quotas: per collab and platform, in the platform's units (the platform catalog names them; rows hold
-- plain amounts). used and reserved are running sums kept in the same transactions that write the
-- ledger and the reservations, so they cannot disagree with them after a crash.

CREATE TABLE IF NOT EXISTS nmpi_quotas (
    collab        text        NOT NULL,
    platform      text        NOT NULL,
    limit_amount  numeric     NOT NULL CHECK (limit_amount >= 0),
    -- Everything charged so far; may exceed limit_amount (the excess is overdraft, never dropped).
    used          numeric     NOT NULL DEFAULT 0 CHECK (used >= 0),
    -- Held by admitted jobs that have not been charged yet.
    reserved      numeric     NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    -- An expired quota admits nothing; NULL never expires.
    expires_at    timestamptz,
    -- config (start-up grants), request (an accepted request), admin (set directly), test (first-job grant),
    -- charge (a charge arrived for a collab without a quota: limit 0, all overdraft).
    source        text        NOT NULL,
    granted_by    text        NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (collab, platform)
);

-- One row per admitted submit, keyed like the job's own idempotency key; written in the same transaction
-- as the job's row, so a reservation exists exactly when its job does.
CREATE TABLE IF NOT EXISTS nmpi_quota_reservations (
    user_id     text        NOT NULL,
    request_id  text        NOT NULL,
    collab      text        NOT NULL,
    platform    text        NOT NULL,
    amount      numeric     NOT NULL CHECK (amount >= 0),
    created_at  timestamptz NOT NULL,
    -- Set by the charge that released it.
    closed_at   timestamptz,
    job_id      bigint,
    PRIMARY KEY (user_id, request_id)
);

CREATE INDEX IF NOT EXISTS nmpi_quota_reservations_open ON nmpi_quota_reservations (created_at)
    WHERE closed_at IS NULL;

-- The charge ledger: one row per job, ever (the primary key is the exactly-once guard).
CREATE TABLE IF NOT EXISTS nmpi_quota_ledger (
    job_id          bigint      PRIMARY KEY,
    collab          text        NOT NULL,
    platform        text        NOT NULL,
    user_id         text        NOT NULL,
    amount          numeric     NOT NULL CHECK (amount >= 0),
    -- The part of amount beyond the limit at the moment of the charge.
    overdraft       numeric     NOT NULL DEFAULT 0,
    reported_units  text,
    charged_at      timestamptz NOT NULL
);

CREATE INDEX IF NOT EXISTS nmpi_quota_ledger_collab ON nmpi_quota_ledger (collab, platform, charged_at DESC);

CREATE SEQUENCE IF NOT EXISTS nmpi_resource_request_id_seq;

-- Resource requests: in_preparation -> under_review -> accepted | rejected.
CREATE TABLE IF NOT EXISTS nmpi_resource_requests (
    id             bigint      PRIMARY KEY DEFAULT nextval('nmpi_resource_request_id_seq'),
    collab         text        NOT NULL,
    title          text        NOT NULL,
    abstract       text        NOT NULL,
    status         text        NOT NULL,
    -- {"SpiNNaker": 100.0, ...}: the amount asked for per platform, in the platform's units.
    requested      jsonb       NOT NULL,
    -- The amounts granted on acceptance.
    granted        jsonb,
    expires_at     timestamptz,
    requested_by   text        NOT NULL,
    created_at     timestamptz NOT NULL,
    submitted_at   timestamptz,
    decided_at     timestamptz,
    decided_by     text,
    decision_note  text,
    version        bigint      NOT NULL DEFAULT 1
);

ALTER SEQUENCE nmpi_resource_request_id_seq OWNED BY nmpi_resource_requests.id;

CREATE INDEX IF NOT EXISTS nmpi_resource_requests_collab ON nmpi_resource_requests (collab, id DESC);
CREATE INDEX IF NOT EXISTS nmpi_resource_requests_review ON nmpi_resource_requests (id) WHERE status = 'under_review';
