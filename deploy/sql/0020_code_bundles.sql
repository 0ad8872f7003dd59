-- Code bundles: the manifests of uploaded code (relative path -> content hash, size, executable bit).
-- The files themselves are in the artifact store, content-addressed per owner; a row is written once,
-- by the bundle's grain, and never changed. The id is derived from the owner and the manifest, so
-- the same files uploaded again by the same owner find the existing row instead of adding one.
CREATE TABLE IF NOT EXISTS nmpi_code_bundles (
    id          text        PRIMARY KEY,
    -- NULL when the bundle belongs to its creator alone.
    collab      text,
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL,
    file_count  integer     NOT NULL,
    total_size  bigint      NOT NULL,
    -- [{"path", "sha256", "size", "executable"}] sorted by path; queryable for reachability (which blobs
    -- a bundle still needs) without a second table that could disagree with it.
    files       jsonb       NOT NULL
);

CREATE INDEX IF NOT EXISTS nmpi_code_bundles_collab ON nmpi_code_bundles (collab, created_at DESC) WHERE collab IS NOT NULL;
CREATE INDEX IF NOT EXISTS nmpi_code_bundles_creator ON nmpi_code_bundles (created_by, created_at DESC);
