#!/usr/bin/env bash
# The README's test command: installs prerequisites, builds with warnings as errors, checks formatting,
# starts one private PostgreSQL shared by all test projects, runs them in parallel and prints the totals.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

deploy/scripts/install-prerequisites.sh || exit 1

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
configuration=Release
results="$root/.nmpi/test-results"
rm -rf "$results" && mkdir -p "$results"

# One Brian2 code cache for every PyNN job of the run, warmed (Cython compiled once) while the build runs.
export CYTHON_CACHE_DIR="$root/.nmpi/brian2-cache"
deploy/scripts/warm-brian2.sh >"$results/warm-brian2.log" 2>&1 &
warming=$!

dotnet build Nmpi.Orleans.sln -c "$configuration" -warnaserror -nologo -v q || { echo "0 passed, 1 failed"; exit 1; }
dotnet format Nmpi.Orleans.sln --verify-no-changes --no-restore || { echo "dotnet format found unformatted code"; echo "0 passed, 1 failed"; exit 1; }

# One PostgreSQL for the whole run; each test creates its own database in it.
pgdir="$(mktemp -d /tmp/nmpi-test-pg.XXXXXX)"
eval "$(deploy/scripts/postgres.sh start "$pgdir")" || { echo "0 passed, 1 failed"; exit 1; }
trap 'deploy/scripts/postgres.sh stop "$pgdir" >/dev/null 2>&1; rm -rf "$pgdir"' EXIT
export NMPI_TEST_PG NMPI_TEST_PG_DISPOSABLE=1

wait "$warming" || { echo "warming the Brian2 cache failed:"; tail -n 20 "$results/warm-brian2.log"; echo "0 passed, 1 failed"; exit 1; }

# No test and no project may hold the run: a test that runs longer than the hang limit has its test host killed and is
# named in the log (the rest of its project does not run), and a project still running at the project limit is killed
# whole (its process group), with what was still alive of it printed. CI has 90 minutes; these keep the run far inside.
hang_limit="${NMPI_TEST_HANG_LIMIT:-10m}" project_limit="${NMPI_TEST_PROJECT_LIMIT:-45m}"
pids=() names=()
for project in tests/*.Tests; do
  name="$(basename "$project")"
  timeout --kill-after=30s "$project_limit" \
    dotnet test "$project" -c "$configuration" --no-build --nologo \
    --blame-hang-timeout "$hang_limit" --blame-hang-dump-type none \
    --logger "console;verbosity=normal" --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    >"$results/$name.log" 2>&1 &
  pids+=($!) names+=("$name")
done

status=0 passed=0 failed=0
for i in "${!pids[@]}"; do
  name="${names[$i]}"
  wait "${pids[$i]}"; code=$?
  echo "── $name (exit $code)"
  grep -E "^(Passed!|Failed!)" "$results/$name.log"
  if [ "$code" -eq 124 ] || [ "$code" -eq 137 ]; then
    echo "   $name: still running after $project_limit, killed; the last tests it finished:"
    grep -E "^\s+(Passed|Failed|Skipped) [[:alnum:]_.]+(\(.*\))? \[[^]]+\]$" "$results/$name.log" | tail -n 15
  fi
  # A test the hang limit stopped (or a test host that crashed): vstest names the test that was running.
  grep -E -A 3 "^Data collector 'Blame' message: The specified inactivity|^The test running when the crash occurred" "$results/$name.log" | head -40
  # Each failed test with the first lines of its message and stack, so a CI log alone tells what broke.
  grep -E -A 14 "^\s+Failed [[:alnum:]_.]+(\(.*\))? \[[^]]+\]$" "$results/$name.log" | head -120
  p=0 f=0
  if [ -f "$results/$name.trx" ]; then
    counters="$(grep -o '<Counters [^>]*>' "$results/$name.trx")"
    p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
    f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  fi
  # A runner that failed without a failed test (a crash, a fixture clean-up error) still fails the run, and so does
  # one that wrote no results at all.
  if [ ! -f "$results/$name.trx" ] && [ "$code" -eq 0 ]; then
    echo "   $name: the test runner wrote no results; counted as one failure"
    f=1
  elif [ "$code" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
    echo "   $name: the test runner exited $code without a failed test; counted as one failure"
    f=1
  fi
  passed=$((passed + ${p:-0})) failed=$((failed + ${f:-0}))
done
# The benchmarks in their short smoke modes: they check that the whole job path works under load and that every
# kind of listing answers on a generated jobs table, never speed.
smoke() {
  local log="$results/$1.log"; shift
  echo "── $1"; shift
  if timeout --kill-after=30s 15m dotnet "tests/Nmpi.Benchmarks/bin/$configuration/net10.0/nmpi-bench.dll" --smoke --postgres "$NMPI_TEST_PG" "$@" >"$log" 2>&1; then
    # The program's one-line summary (the silo may log its stop after it).
    grep -E '^(submits/s|listing_jobs)=' "$log" | tail -n 1
    passed=$((passed + 1))
  else
    tail -n 20 "$log"
    failed=$((failed + 1))
  fi
}
smoke benchmark-smoke "benchmark smoke run"
smoke listing-smoke "listing benchmark smoke run" --listing 20000
# The chaos program's short run (docs/reliability.md, "Chaos program"): silos, gateways and adapters as processes,
# kill -9s of each kind and a PostgreSQL crash under a small load. It starts its own PostgreSQL, the one it crashes.
# It fails on any lost job, duplicate, concurrent run, orphaned process or platform error blamed on the user.
echo "── chaos smoke run"
if timeout --kill-after=30s 15m dotnet "tests/Nmpi.Chaos/bin/$configuration/net10.0/nmpi-chaos.dll" --smoke >"$results/chaos-smoke.log" 2>&1; then
  grep -E '^(lost jobs|duplicates|concurrent runs|orphaned|chaos verdict)' "$results/chaos-smoke.log"
  passed=$((passed + 1))
else
  tail -n 40 "$results/chaos-smoke.log"
  failed=$((failed + 1))
fi

[ "$failed" -gt 0 ] && status=1
echo "$passed passed, $failed failed"
exit $status
