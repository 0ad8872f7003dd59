#!/usr/bin/env bash
# Starts a local Nmpi.Orleans cluster on 127.0.0.1: N silos (nmpi-silo, no co-hosted gateway, fast failure
# detection) and one separate gRPC gateway process (nmpi-gateway), all on free ports, with a unique ClusterId,
# against one PostgreSQL (the one given, else a private one started here).
#
#   deploy/cluster/start-local-cluster.sh [--silos N] [--state-dir DIR] [--connection-string CS] [--Key=Value ...]
#
# Environment: NMPI_SILOS, NMPI_STATE_DIR, NMPI_CONNECTION_STRING, NMPI_CONFIGURATION (Debug|Release).
# Every other `--Key=Value` argument (e.g. --Nmpi:Jobs:LeaseDuration=00:01:00) is passed to every process;
# ASP.NET Core style environment variables (Nmpi__Jobs__LeaseDuration=...) reach them too.
# The state directory receives pids, ports (cluster.env), logs and the generated credentials (auth.env).
# Every process is supervised: one that exits by itself is started again with back-off (supervisor.log).
# Stop with deploy/cluster/stop-local-cluster.sh STATE_DIR.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"

silos="${NMPI_SILOS:-2}"
state="${NMPI_STATE_DIR:-}"
connection="${NMPI_CONNECTION_STRING:-}"
configuration="${NMPI_CONFIGURATION:-Release}"
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --silos) silos="$2"; shift 2 ;;
    --silos=*) silos="${1#*=}"; shift ;;
    --state-dir) state="$2"; shift 2 ;;
    --state-dir=*) state="${1#*=}"; shift ;;
    --connection-string) connection="$2"; shift 2 ;;
    --connection-string=*) connection="${1#*=}"; shift ;;
    --*=*) extra+=("$1"); shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[[ "$silos" =~ ^[1-9][0-9]*$ ]] || { echo "--silos must be a positive number" >&2; exit 2; }
state="${state:-$(mktemp -d /tmp/nmpi-cluster.XXXXXX)}"
mkdir -p "$state"
state="$(cd "$state" && pwd)"
chmod 755 "$state" # a private PostgreSQL runs as the postgres user beneath it
if [ -f "$state/cluster.env" ]; then
  echo "$state already holds a cluster; stop it first (deploy/cluster/stop-local-cluster.sh $state)" >&2
  exit 1
fi
rm -f "$state/stopping"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
secret() { python3 -c 'import secrets; print(secrets.token_hex(24))'; }

# The built binaries; build them when they are missing.
silo_dll="$root/silo/Nmpi.Silo/bin/$configuration/net10.0/nmpi-silo.dll"
gateway_dll="$root/gateway/Nmpi.Gateway.Host/bin/$configuration/net10.0/nmpi-gateway.dll"
for project in silo/Nmpi.Silo gateway/Nmpi.Gateway.Host; do
  dll="$silo_dll"; [ "$project" = gateway/Nmpi.Gateway.Host ] && dll="$gateway_dll"
  if [ ! -f "$dll" ]; then
    echo "building $project ($configuration)..."
    dotnet build "$root/$project" -c "$configuration" -nologo -v q >"$state/build.log" 2>&1 \
      || { echo "build failed, see $state/build.log" >&2; exit 1; }
  fi
done

# PostgreSQL: the given one, or a private server in the state directory with a database of its own.
if [ -z "$connection" ]; then
  eval "$("$root/deploy/scripts/postgres.sh" start "$state/postgres")"
  pg_port="$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$NMPI_TEST_PG")"
  pg_password="$(sed -n 's/.*Password=\([^;]*\).*/\1/p' <<<"$NMPI_TEST_PG")"
  PGPASSWORD="$pg_password" psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -qc 'CREATE DATABASE nmpi' >/dev/null
  connection="Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=$pg_password;Database=nmpi"
  echo "$state/postgres" >"$state/postgres.dir"
fi

cluster_id="local-$(date +%s)-$$"
user_token="$(secret)"
adapter_key="$(secret)"
signing_key="$(python3 -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())')"
grpc_port="$(free_port)"
http_port="$(free_port)"

# The credentials the gateway accepts, as configuration in environment form (kept private to the owner).
umask 077
cat >"$state/auth.env" <<EOF
Nmpi__Gateway__SigningKey=$signing_key
Nmpi__Auth__Users__0__Token=$user_token
Nmpi__Auth__Users__0__UserId=local-user
Nmpi__Auth__Users__0__Admin=true
Nmpi__Auth__Users__0__Collabs__local=administrator
Nmpi__Auth__AdapterKeys__0__Key=$adapter_key
Nmpi__Auth__AdapterKeys__0__Site=local
Nmpi__Auth__AdapterKeys__0__Platforms__0=BrainScaleS
Nmpi__Auth__AdapterKeys__0__Platforms__1=SpiNNaker
Nmpi__Auth__AdapterKeys__0__Platforms__2=BrainScaleS-ESS
Nmpi__Auth__AdapterKeys__0__Platforms__3=Spikey
EOF
# Adapters read the key from this file (--Nmpi:Adapter:ApiKeyFile=...), never from a command line a job could read.
printf '%s\n' "$adapter_key" >"$state/adapter.key"

# cluster.env holds the admin token and the adapter key too: private to the owner like auth.env.
{
  echo "NMPI_CLUSTER_ID=$cluster_id"
  echo "NMPI_CONNECTION_STRING='$connection'"
  echo "NMPI_GRPC_URL=http://127.0.0.1:$grpc_port"
  echo "NMPI_HTTP_URL=http://127.0.0.1:$http_port"
  echo "NMPI_USER_TOKEN=$user_token"
  echo "NMPI_ADAPTER_KEY=$adapter_key"
  echo "NMPI_ADAPTER_KEY_FILE=$state/adapter.key"
} >"$state/cluster.env"

# Runs a process again whenever it exits by itself (a crash, kill -9, its start-up deadline), with back-off from
# 1 s doubling to 30 s (back to 1 s after 60 s of running), each restart logged to supervisor.log and the process's
# log. $name.pid always holds the running process; stop-local-cluster.sh ends the supervisor ($name.supervisor) first.
supervise() {
  local name="$1"; shift
  local delay=1 child="" started code
  trap '[ -n "$child" ] && kill -TERM "$child" 2>/dev/null; exit 0' TERM INT
  while [ ! -e "$state/stopping" ]; do
    started=$SECONDS
    setsid "$@" >>"$state/$name.log" 2>&1 </dev/null &
    child=$!
    echo "$child" >"$state/$name.pid"
    code=0
    wait "$child" || code=$?
    [ -e "$state/stopping" ] && break
    [ $((SECONDS - started)) -ge 60 ] && delay=1
    echo "$(date -u +%FT%TZ) supervisor: $name (pid $child) exited with code $code; restarting in ${delay} s" \
      | tee -a "$state/supervisor.log" >>"$state/$name.log"
    sleep "$delay" & wait $! || true
    delay=$((delay * 2 > 30 ? 30 : delay * 2))
  done
}

# Starts one supervised process detached from this shell, in its own directory (no stray appsettings.json is read).
# The supervisor keeps none of the script's output streams open, so a caller reading them sees their end.
launch() {
  local name="$1" dll="$2"; shift 2
  mkdir -p "$state/$name"
  : >"$state/$name.log"
  (
    cd "$state/$name"
    export ConnectionStrings__Nmpi="$connection" Orleans__ClusterId="$cluster_id" Orleans__ServiceId=nmpi
    supervise "$name" dotnet "$dll" "$@" "${extra[@]}"
  ) </dev/null >>"$state/$name.log" 2>&1 &
  echo $! >"$state/$name.supervisor"
  # The readiness check below reads $name.pid: wait until the supervisor has written it.
  while [ ! -s "$state/$name.pid" ]; do sleep 0.05; done
}

# The gateway starts first: it keeps retrying until a silo is up.
(
  set -a
  # shellcheck disable=SC1091
  . "$state/auth.env"
  set +a
  launch gateway "$gateway_dll" \
    "--Nmpi:Gateway:GrpcUrl=http://127.0.0.1:$grpc_port" \
    "--Nmpi:Gateway:HttpUrl=http://127.0.0.1:$http_port" \
    "--Nmpi:Gateway:CapabilityBaseAddress=http://127.0.0.1:$http_port" \
    "--Nmpi:Gateway:ArtifactDirectory=$state/artifacts"
)

for i in $(seq 1 "$silos"); do
  silo_port="$(free_port)" gateway_port="$(free_port)" dashboard_port="$(free_port)"
  {
    echo "NMPI_SILO${i}_PORT=$silo_port"
    echo "NMPI_SILO${i}_GATEWAY_PORT=$gateway_port"
    echo "NMPI_SILO${i}_DASHBOARD_URL=http://127.0.0.1:$dashboard_port/dashboard"
  } >>"$state/cluster.env"
  # The silos seed the configured users (auth.env) into the accounts tables at start-up.
  (
    set -a
    # shellcheck disable=SC1091
    . "$state/auth.env"
    set +a
    launch "silo$i" "$silo_dll" \
      "--Nmpi:Silo:SiloPort=$silo_port" \
      "--Nmpi:Silo:GatewayPort=$gateway_port" \
      "--Nmpi:Silo:HostGateway=false" \
      "--Nmpi:Silo:FastFailureDetection=true" \
      "--Nmpi:Silo:DashboardUrl=http://127.0.0.1:$dashboard_port"
  )
done

# Ready when a ListJobs call through the gateway succeeds (a gRPC call over h2c: an empty request frame).
list_jobs() {
  curl -s -o /dev/null -D - --http2-prior-knowledge --max-time 5 -X POST \
    -H 'content-type: application/grpc' -H 'te: trailers' -H "authorization: Bearer $user_token" \
    --data-binary @<(printf '\0\0\0\0\0') "http://127.0.0.1:$grpc_port/nmpi.v1.Jobs/ListJobs" 2>/dev/null \
    | grep -qi '^grpc-status: 0'
}
deadline=$((SECONDS + 120))
until list_jobs; do
  for supervisor in "$state"/*.supervisor; do
    if ! kill -0 "$(cat "$supervisor")" 2>/dev/null; then
      name="$(basename "$supervisor" .supervisor)"
      echo "the supervisor of $name exited during start-up; the end of $state/$name.log:" >&2
      tail -n 30 "$state/$name.log" >&2
      exit 1
    fi
  done
  if [ $SECONDS -ge $deadline ]; then
    echo "the cluster did not answer ListJobs within 120 s; logs are in $state" >&2
    exit 1
  fi
  sleep 0.5
done

. "$state/cluster.env"
cat <<EOF
Nmpi.Orleans cluster '$cluster_id' is up ($silos silos + 1 gateway); state in $state
  gRPC gateway (nmpi.v1, health, reflection): $NMPI_GRPC_URL
  output downloads (capability URLs):         $NMPI_HTTP_URL/outputs/...
  Orleans dashboard (silo 1):                 $NMPI_SILO1_DASHBOARD_URL
  PostgreSQL:                                 $connection
  user token (local-user, collab 'local'):    $user_token
  adapter key (site 'local', all platforms):  $adapter_key
  adapter key file (0600, for adapters):      $NMPI_ADAPTER_KEY_FILE  (--Nmpi:Adapter:ApiKeyFile=...)
  logs: $state/*.log   pids: $state/*.pid   restarts: $state/supervisor.log   settings: $state/cluster.env
Stop with: $root/deploy/cluster/stop-local-cluster.sh $state
EOF
