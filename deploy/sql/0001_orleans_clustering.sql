-- Orleans ADO.NET clustering (Microsoft.Orleans.Clustering.AdoNet 10.4.x) on the project's own tables.
-- The provider runs only the query texts stored in OrleansQuery, looked up by key; it binds parameters
-- by name (@DeploymentId, @Address, ...) and reads result columns by name, so the quoted aliases below
-- are the contract. Every statement is idempotent.

-- The providers read "SELECT QueryKey, QueryText FROM OrleansQuery" (unquoted, so lower-case names).
CREATE TABLE IF NOT EXISTS OrleansQuery (
  QueryKey  varchar(64) PRIMARY KEY,
  QueryText text        NOT NULL
);

-- One row per cluster: its membership version is the etag of the whole table. Every change of a
-- member row bumps it in the same statement, guarded by the version the writer read.
CREATE TABLE IF NOT EXISTS orleans_membership_version (
  deployment_id text        PRIMARY KEY,
  version       integer     NOT NULL DEFAULT 0,
  changed_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS orleans_membership (
  deployment_id   text        NOT NULL REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE,
  address         text        NOT NULL,
  port            integer     NOT NULL,
  generation      integer     NOT NULL,
  silo_name       text        NOT NULL,
  host_name       text        NOT NULL,
  status          integer     NOT NULL,
  proxy_port      integer     NOT NULL,
  suspect_times   text,
  start_time      timestamptz NOT NULL,
  i_am_alive_time timestamptz NOT NULL,
  PRIMARY KEY (deployment_id, address, port, generation)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', $q$
WITH created AS (
  INSERT INTO orleans_membership_version (deployment_id, version, changed_at)
  VALUES (@DeploymentId, 0, now())
  ON CONFLICT (deployment_id) DO NOTHING
  RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM created) AS "Inserted"
$q$),

-- @Version is the table version the caller read; the row goes in only if nobody changed the table since.
('InsertMembershipKey', $q$
WITH bumped AS (
  UPDATE orleans_membership_version v
  SET version = v.version + 1, changed_at = now()
  WHERE v.deployment_id = @DeploymentId
    AND v.version = @Version
    AND NOT EXISTS (
      SELECT 1 FROM orleans_membership m
      WHERE m.deployment_id = @DeploymentId AND m.address = @Address
        AND m.port = @Port AND m.generation = @Generation)
  RETURNING v.deployment_id
), inserted AS (
  INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name,
                                  status, proxy_port, start_time, i_am_alive_time)
  SELECT b.deployment_id, @Address, @Port, @Generation, @SiloName, @HostName,
         @Status, @ProxyPort, @StartTime, @IAmAliveTime
  FROM bumped b
  RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM inserted) AS "Inserted"
$q$),

('UpdateMembershipKey', $q$
WITH bumped AS (
  UPDATE orleans_membership_version v
  SET version = v.version + 1, changed_at = now()
  WHERE v.deployment_id = @DeploymentId
    AND v.version = @Version
    AND EXISTS (
      SELECT 1 FROM orleans_membership m
      WHERE m.deployment_id = @DeploymentId AND m.address = @Address
        AND m.port = @Port AND m.generation = @Generation)
  RETURNING v.deployment_id
), updated AS (
  UPDATE orleans_membership m
  SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
  FROM bumped b
  WHERE m.deployment_id = b.deployment_id AND m.address = @Address
    AND m.port = @Port AND m.generation = @Generation
  RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM updated) AS "Updated"
$q$),

-- A heartbeat is not a membership change: it does not bump the version.
('UpdateIAmAlivetimeKey', $q$
UPDATE orleans_membership
SET i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId AND address = @Address
  AND port = @Port AND generation = @Generation
$q$),

-- Always one row carrying the table version; member columns are NULL when the silo has no row.
('MembershipReadRowKey', $q$
SELECT v.version AS "Version", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status",
       m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes",
       m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
FROM orleans_membership_version v
LEFT JOIN orleans_membership m
  ON m.deployment_id = v.deployment_id AND m.address = @Address
 AND m.port = @Port AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId
$q$),

('MembershipReadAllKey', $q$
SELECT v.version AS "Version", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status",
       m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes",
       m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
FROM orleans_membership_version v
LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId
$q$),

-- @Status is Active (3).
('GatewaysQueryKey', $q$
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
FROM orleans_membership
WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0
$q$),

('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId
$q$),

-- Removes silos declared Dead (6) whose last heartbeat is older than @IAmAliveTime.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId AND status = 6 AND i_am_alive_time < @IAmAliveTime
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
