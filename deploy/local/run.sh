#!/usr/bin/env bash
# The README's first command: a whole single-node platform (private PostgreSQL, one silo with the gRPC
# gateway and the Orleans dashboard). Ctrl-C stops everything; the next start finds its jobs again.
# Extra arguments go to the silo, e.g. --Nmpi:Silo:GrpcUrl=http://127.0.0.1:6080
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

deploy/scripts/install-prerequisites.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build silo/Nmpi.Silo -c Release -nologo -v q
# The nmpi command-line tool, for the first command to try that local mode prints.
dotnet build gateway/Nmpi.Cli -c Release -nologo -v q
# Brian2's Cython code compiled once into the cache jobs read (read-only to them); quick when already warm.
export CYTHON_CACHE_DIR="${CYTHON_CACHE_DIR:-${NMPI_DATA:-$root/.nmpi/local}/brian2-cache}"
mkdir -p "$CYTHON_CACHE_DIR"
deploy/scripts/warm-brian2.sh
exec dotnet silo/Nmpi.Silo/bin/Release/net10.0/nmpi-silo.dll local \
  --Nmpi:Local:DataDirectory="${NMPI_DATA:-$root/.nmpi/local}" \
  --Nmpi:Local:Cli="dotnet $root/gateway/Nmpi.Cli/bin/Release/net10.0/nmpi.dll" \
  --Nmpi:Local:Example="$root/deploy/local/examples/network.py" "$@"
