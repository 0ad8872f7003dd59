#!/usr/bin/env bash
# Stops a cluster started by start-local-cluster.sh: the supervisors, the gateway, the silos, then its private PostgreSQL.
#
#   deploy/cluster/stop-local-cluster.sh STATE_DIR [--kill]
#
# Processes get SIGTERM (a graceful shutdown: silos leave the membership table) and SIGKILL after 20 s;
# --kill sends SIGKILL at once, as a crash would. Logs and the database stay in STATE_DIR.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
state="${1:?usage: stop-local-cluster.sh STATE_DIR [--kill]}"
signal=TERM
[ "${2:-}" = "--kill" ] && signal=KILL
[ -d "$state" ] || { echo "no such directory: $state" >&2; exit 1; }

stop() {
  local pidfile="$1" pid
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -s "$signal" "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 20))
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -s KILL "$pid" 2>/dev/null || true
    echo "stopped $(basename "$pidfile" .pid) ($pid)"
  fi
  rm -f "$pidfile"
}

# The supervisors first, so nothing stopped below is started again.
touch "$state/stopping"
for supervisor in "$state"/*.supervisor; do
  [ -f "$supervisor" ] || continue
  kill -TERM "$(cat "$supervisor")" 2>/dev/null || true
  rm -f "$supervisor"
done

[ -f "$state/gateway.pid" ] && stop "$state/gateway.pid"
for pidfile in "$state"/silo*.pid; do
  [ -f "$pidfile" ] && stop "$pidfile"
done

if [ -f "$state/postgres.dir" ]; then
  "$root/deploy/scripts/postgres.sh" stop "$(cat "$state/postgres.dir")" >/dev/null && echo "stopped PostgreSQL"
  rm -f "$state/postgres.dir"
fi
rm -f "$state/cluster.env"
