#!/usr/bin/env bash
# Time from `java -jar` to readiness UP, and RSS once ready, for the packaged application.
# Usage: bench/startup.sh [runs]   (default 5; needs ./mvnw package first and PostgreSQL on 127.0.0.1:5432)
# The first run migrates an empty database; the others start on the migrated schema.
runs="${1:-5}"
source "$(dirname "$0")/lib.sh" startup

times=()
for run in $(seq 1 "$runs"); do
  start="$(date +%s%N)"
  start_app
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  echo "run $run: ready in ${ms} ms, RSS $(rss_mib) MiB"
  times+=("$ms")
  stop_app
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print "median: " a[int((NR+1)/2)] " ms over " NR " runs"}'
