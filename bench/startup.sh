#!/usr/bin/env bash
# Time from `java -jar` to readiness UP, and RSS once ready, for the packaged application.
# Usage: bench/startup.sh [--quick | runs]   (default 5, --quick 2; needs ./mvnw package first and PostgreSQL on 127.0.0.1:5432)
# The first run migrates an empty database; the others start on the migrated schema.
runs="${1:-5}"
[ "$runs" = --quick ] && runs=2
source "$(dirname "$0")/lib.sh" startup

times=() rsses=()
for run in $(seq 1 "$runs"); do
  start="$(date +%s%N)"
  start_app
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  rss="$(rss_mib)"
  echo "run $run: ready in ${ms} ms, RSS $rss MiB"
  times+=("$ms") rsses+=("$rss")
  stop_app
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
echo "median: $(median "${times[@]}") ms to ready, RSS $(median "${rsses[@]}") MiB, over $runs runs"
