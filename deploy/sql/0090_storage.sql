-- Bounded code storage (security review M-4). Every code file a user uploads is indexed here, per owner area
-- ('user:<id>' or 'collab:<name>', the gateway's CodeOwner.Key), so the bytes an owner holds can be capped and
-- files no bundle names can be collected. Files uploaded before this migration are not indexed: they are
-- neither counted nor collected.
CREATE TABLE IF NOT EXISTS nmpi_code_blobs (
    owner      text        NOT NULL,
    sha256     text        NOT NULL,
    size       bigint      NOT NULL,
    -- Refreshed whenever the file is uploaded again or asked about (FindMissingBlobs, CreateCodeBundle):
    -- the collector spares files touched within its grace period, so an upload about to be named survives.
    touched_at timestamptz NOT NULL,
    PRIMARY KEY (owner, sha256)
);

CREATE INDEX IF NOT EXISTS nmpi_code_blobs_touched ON nmpi_code_blobs (touched_at);

-- Bytes each owner holds or has reserved for an upload in progress; one row per owner, so a reservation
-- is one conditional UPDATE and two concurrent uploads cannot both pass the limit.
CREATE TABLE IF NOT EXISTS nmpi_code_storage (
    owner text   PRIMARY KEY,
    bytes bigint NOT NULL CHECK (bytes >= 0)
);

-- "Does any bundle of this owner name this file?" for the collector: a containment test on the manifest.
CREATE INDEX IF NOT EXISTS nmpi_code_bundles_files ON nmpi_code_bundles USING gin (files jsonb_path_ops);
