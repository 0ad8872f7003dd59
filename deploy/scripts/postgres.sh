#!/usr/bin/env bash
# Starts or stops a throw-away PostgreSQL in a directory, as the postgres user when run as root.
# `postgres.sh start DIR` prints `NMPI_TEST_PG=<connection string>` (with the server's random password) for eval.
set -euo pipefail
action="$1" dir="$2"
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
run() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$action" in
  start)
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    # A random superuser password (scram-sha-256), so other users of the machine cannot connect; the directory,
    # which also holds the socket, is private to the server's owner.
    password="$(python3 -c 'import secrets; print(secrets.token_hex(24))')"
    mkdir -p "$dir/data"
    chmod 700 "$dir"
    (umask 077; printf '%s\n' "$password" >"$dir/pwfile")
    [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$dir"
    run "$bin/initdb" -D "$dir/data" -U postgres -A scram-sha-256 --pwfile="$dir/pwfile" --no-sync >/dev/null
    rm -f "$dir/pwfile"
    run "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w start \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=128MB" >/dev/null
    echo "NMPI_TEST_PG='Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=postgres'"
    ;;
  stop)
    run "$bin/pg_ctl" -D "$dir/data" -m fast -w stop
    ;;
esac
