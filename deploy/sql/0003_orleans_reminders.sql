-- Orleans ADO.NET reminders (Microsoft.Orleans.Reminders.AdoNet 10.4.x) on the project's own table.
-- Contract: @ServiceId, @GrainId (GrainId.ToString()), @ReminderName, @StartTime, @Period (milliseconds,
-- int or bigint), @GrainHash/@BeginHash/@EndHash (the uint ring hash cast to a signed int),
-- @Version (int etag). Rows come back as "GrainId", "ReminderName", "StartTime", "Period", "Version".
-- Every statement is idempotent.

CREATE TABLE IF NOT EXISTS OrleansQuery (
  QueryKey  varchar(64) PRIMARY KEY,
  QueryText text        NOT NULL
);

CREATE TABLE IF NOT EXISTS orleans_reminders (
  service_id    text        NOT NULL,
  grain_id      text        NOT NULL,
  reminder_name text        NOT NULL,
  start_time    timestamptz NOT NULL,
  period_ms     bigint      NOT NULL,
  grain_hash    integer     NOT NULL,
  version       integer     NOT NULL,
  PRIMARY KEY (service_id, grain_id, reminder_name)
);

CREATE INDEX IF NOT EXISTS orleans_reminders_ring ON orleans_reminders (service_id, grain_hash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadReminderRowsKey', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_id = @GrainId
$q$),

('ReadReminderRowKey', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
$q$),

-- The ring range (@BeginHash, @EndHash] when it does not wrap in signed order (begin < end).
('ReadRangeRows1Key', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash
$q$),

-- The range wraps past the largest signed hash (begin >= end; begin = end is the whole ring).
('ReadRangeRows2Key', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)
$q$),

-- Returns the new etag.
('UpsertReminderRowKey', $q$
INSERT INTO orleans_reminders AS r (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
  SET start_time = EXCLUDED.start_time, period_ms = EXCLUDED.period_ms,
      grain_hash = EXCLUDED.grain_hash, version = r.version + 1
RETURNING r.version AS "Version"
$q$),

-- True only when the row had the caller's etag.
('DeleteReminderRowKey', $q$
WITH deleted AS (
  DELETE FROM orleans_reminders
  WHERE service_id = @ServiceId AND grain_id = @GrainId
    AND reminder_name = @ReminderName AND version = @Version
  RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM deleted) AS "Deleted"
$q$),

('DeleteReminderRowsKey', $q$
DELETE FROM orleans_reminders WHERE service_id = @ServiceId
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
