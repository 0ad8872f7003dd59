-- Orleans ADO.NET grain storage (Microsoft.Orleans.Persistence.AdoNet 10.4.x) on the project's own table.
-- Contract: parameters @GrainIdHash, @GrainTypeHash (int, the provider's hashes, may collide),
-- @GrainIdN0, @GrainIdN1 (bigint), @GrainTypeString, @GrainIdExtensionString (NULL when the key has
-- no string part), @ServiceId, @GrainStateVersion (int, NULL before the first write), @PayloadBinary.
-- The version is the etag: a write or clear succeeds only against the version the grain read, and
-- returns the new version in one row; it returns NULL on a conflict, which the provider reports
-- as an InconsistentStateException. Every statement is idempotent.

CREATE TABLE IF NOT EXISTS OrleansQuery (
  QueryKey  varchar(64) PRIMARY KEY,
  QueryText text        NOT NULL
);

CREATE TABLE IF NOT EXISTS orleans_grain_state (
  id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  grain_id_hash   integer     NOT NULL,
  grain_type_hash integer     NOT NULL,
  grain_id_n0     bigint      NOT NULL,
  grain_id_n1     bigint      NOT NULL,
  grain_type      text        NOT NULL,
  grain_id_ext    text,
  service_id      text        NOT NULL,
  payload         bytea,
  version         integer     NOT NULL,
  modified_at     timestamptz NOT NULL DEFAULT now()
);

-- The hashes narrow the search; the full key decides. A NULL extension is one key, not many.
CREATE UNIQUE INDEX IF NOT EXISTS orleans_grain_state_key
  ON orleans_grain_state (grain_id_hash, grain_type_hash, grain_id_n0, grain_id_n1, service_id, grain_type, grain_id_ext)
  NULLS NOT DISTINCT;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
-- No row: nothing returned (the provider then starts from a default state and a NULL etag).
-- A cleared row returns a NULL payload and its version, so the next write continues the version chain.
('ReadFromStorageKey', $q$
SELECT payload AS "PayloadBinary", version AS "Version"
FROM orleans_grain_state
WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND service_id = @ServiceId AND grain_type = @GrainTypeString
  AND grain_id_ext IS NOT DISTINCT FROM @GrainIdExtensionString
$q$),

-- A NULL @GrainStateVersion inserts the first version (1); otherwise the row with that version is
-- updated to the next. Always one row: the new version, or NULL when the etag did not match.
('WriteToStorageKey', $q$
WITH updated AS (
  UPDATE orleans_grain_state
  SET payload = @PayloadBinary, version = version + 1, modified_at = now()
  WHERE @GrainStateVersion IS NOT NULL AND version = @GrainStateVersion
    AND grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
    AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
    AND service_id = @ServiceId AND grain_type = @GrainTypeString
    AND grain_id_ext IS NOT DISTINCT FROM @GrainIdExtensionString
  RETURNING version
), inserted AS (
  INSERT INTO orleans_grain_state (grain_id_hash, grain_type_hash, grain_id_n0, grain_id_n1,
                                   service_id, grain_type, grain_id_ext, payload, version)
  SELECT @GrainIdHash, @GrainTypeHash, @GrainIdN0, @GrainIdN1,
         @ServiceId, @GrainTypeString, @GrainIdExtensionString, @PayloadBinary, 1
  WHERE @GrainStateVersion IS NULL
  ON CONFLICT DO NOTHING
  RETURNING version
)
SELECT (SELECT version FROM updated UNION ALL SELECT version FROM inserted LIMIT 1) AS "NewGrainStateVersion"
$q$),

-- Keeps the row with a NULL payload and the next version (DeleteStateOnClear=false, the default).
('ClearStorageKey', $q$
WITH cleared AS (
  UPDATE orleans_grain_state
  SET payload = NULL, version = version + 1, modified_at = now()
  WHERE version = @GrainStateVersion
    AND grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
    AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
    AND service_id = @ServiceId AND grain_type = @GrainTypeString
    AND grain_id_ext IS NOT DISTINCT FROM @GrainIdExtensionString
  RETURNING version
)
SELECT (SELECT version FROM cleared) AS "NewGrainStateVersion"
$q$),

-- DeleteStateOnClear=true: removes the row. Returns a value unlike the old etag on success
-- (the provider then forgets the etag) and NULL on a conflict.
('DeleteStorageKey', $q$
WITH deleted AS (
  DELETE FROM orleans_grain_state
  WHERE version = @GrainStateVersion
    AND grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
    AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
    AND service_id = @ServiceId AND grain_type = @GrainTypeString
    AND grain_id_ext IS NOT DISTINCT FROM @GrainIdExtensionString
  RETURNING version
)
SELECT (SELECT version + 1 FROM deleted) AS "NewGrainStateVersion"
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
