#!/usr/bin/env bash
# Peak memory of the packaged application under a container-like limit, with the image's JAVA_OPTS (read from
# deploy/docker/Dockerfile) on the image's JDK (BENCH_JAVA, default /usr/lib/jvm/temurin-25-jdk-amd64/bin/java) after a
# JDK 25 build (its AOT cache):
# for each limit (emulated with -XX:MaxRAM, which the JVM sizes its heap from as it would from a cgroup
# limit), 8 uploads of the largest dataset CSV, 4 at a time, while 4 clients read the leaderboard, the
# catalogue and the datasets list in a loop; RSS sampled every 0.2 s.
# Usage: bench/memory.sh [--quick] [limits…]   (default 512m 768m; --quick: 768m only, 5 s of readers; needs
# ./mvnw package -DskipTests and PostgreSQL)
read_seconds=20
[ "${1:-}" = --quick ] && { shift; read_seconds=5; [ $# -gt 0 ] || set -- 768m; }
if [ $# -gt 0 ]; then limits=("$@"); else limits=(512m 768m); fi
source "$(dirname "$0")/lib.sh" memory

python3 - "$work/big.csv" <<'PY'
import random, sys
random.seed(1)
with open(sys.argv[1], "w") as out:
    out.write(",".join(f"c{i}" for i in range(50)) + "\n")
    for row in range(10_000):
        out.write(",".join(str(random.randint(0, 10**6)) if i % 2 else f"text {row} {i}" for i in range(50)) + "\n")
PY

# The image's own JVM options, read from its Dockerfile (run them with the image's JDK: BENCH_JAVA, JDK 25).
export BENCH_JAVA="${BENCH_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
image_options="$(sed -n 's/^ *JAVA_OPTS="\(.*\)"$/\1/p' deploy/docker/Dockerfile)"
[ -n "$image_options" ] || { echo "no JAVA_OPTS in deploy/docker/Dockerfile"; exit 1; }
echo "image JAVA_OPTS: $image_options"
for limit in "${limits[@]}"; do
  JAVA_OPTS="-XX:MaxRAM=$limit $image_options" start_app
  curl -fsS -H 'Content-Type: application/json' \
    -d "{\"email\":\"mem-$limit@example.com\",\"name\":\"Bench\",\"password\":\"bench-password-1\",\"role\":\"teacher\"}" \
    "$base/auth/register" >/dev/null
  token="$(curl -fsS -H 'Content-Type: application/json' -d "{\"email\":\"mem-$limit@example.com\",\"password\":\"bench-password-1\"}" \
    "$base/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"
  ( while kill -0 "$pid" 2>/dev/null; do awk '/VmRSS/ {print $2}' "/proc/$pid/status"; sleep 0.2; done ) >"$work/rss-$limit.txt" 2>/dev/null &
  sampler=$!
  readers=()
  for _ in 1 2 3 4; do
    ( end=$((SECONDS + read_seconds)); while [ $SECONDS -lt $end ]; do
        for path in /leaderboard /challenges /datasets; do
          curl -s -o /dev/null -w "%{http_code}\n" -H "Authorization: Bearer $token" "$base$path"
        done
      done ) >>"$work/codes-$limit.txt" &
    readers+=($!)
  done
  for batch in 1 2; do
    uploads=()
    for _ in 1 2 3 4; do
      curl -s -o /dev/null -w "%{http_code}\n" -H "Authorization: Bearer $token" -F "file=@$work/big.csv;type=text/csv" \
        -F "name=Big" "$base/datasets/upload" >>"$work/codes-$limit.txt" &
      uploads+=($!)
    done
    wait "${uploads[@]}"
  done
  wait "${readers[@]}"
  kill -0 "$pid" 2>/dev/null || { echo "limit $limit: the application died"; tail -5 "$work/app.log"; exit 1; }
  kill "$sampler" 2>/dev/null || true
  peak="$(sort -n "$work/rss-$limit.txt" | tail -n 1)"
  echo "limit $limit: heap max $(( $(jcmd "$pid" VM.flags 2>/dev/null | tr ' ' '\n' | awk -F= '/MaxHeapSize/ {print $2; exit}' | tr -dc 0-9) / 1048576 )) MiB," \
    "peak RSS $((peak / 1024)) MiB, answers: $(sort "$work/codes-$limit.txt" | uniq -c | awk '{printf "%s×%s ", $1, $2}')"
  stop_app
done
