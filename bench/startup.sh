#!/usr/bin/env bash
# Time from launch to readiness UP, and RSS once ready, of three starts taken in turns (so that the machine's drift
# hits them alike), median of RUNS each:
#   bare     a bare Quarkus service of our stack (bench/bare: REST + Jackson, Hibernate ORM Panache with one entity,
#            Flyway, PostgreSQL, health) on JDK 17, started the default way: `java -jar quarkus-run.jar`. The anchor.
#   ours-17  the service as JDK 17 builds and runs it, the fast-jar (the newcomer's JDK, no AOT cache):
#            target/quarkus-app-jdk17, built here when missing.
#   ours-25  the service on JDK 25 with its AOT cache, launched with README "Running the packaged application"'s
#            line, read from README itself, so that what is timed is what operators run.
# Every ratio is against bare in the same run. CPU seconds (the process's and its main thread's, when ready) are
# printed too: on a shared machine they move less than wall time.
# Usage: bench/startup.sh [--quick | RUNS]   (default 5, --quick 2)
#   needs the JDK 25 build: JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./mvnw package -DskipTests (it writes
#   target/quarkus-app/app.aot); JDK17_HOME (default: the java on PATH) and JDK25_HOME (default the path above).
#   BEFORE=DIR adds a fourth start: DIR/quarkus-run.jar of an older build on JDK 17 (e.g. a worktree's target/quarkus-app).
runs="${1:-5}"
[ "$runs" = --quick ] && runs=2
source "$(dirname "$0")/lib.sh" startup
jdk17="${JDK17_HOME:+$JDK17_HOME/bin/}java"
jdk25="${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
app_dir="$PWD/target/quarkus-app"
[ -f "$app_dir/app.aot" ] || { echo "no AOT cache: build with JDK 25 first (JAVA_HOME=${jdk25%/bin/java} ./mvnw package -DskipTests)"; exit 1; }
launch_options="$(readme_launch_options)"

bare_dir="$PWD/bench/bare/target/quarkus-app"
[ -f "$bare_dir/quarkus-run.jar" ] || ./mvnw -B -ntp -q -f bench/bare/pom.xml package -DskipTests
jdk17_dir="$PWD/target/quarkus-app-jdk17"
[ -f "$jdk17_dir/quarkus-run.jar" ] || JAVA_HOME="${JDK17_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}" \
  ./mvnw -B -ntp -q package -DskipTests -Dquarkus.package.output-directory=quarkus-app-jdk17
bare_db="${db}_bare"
extra_databases+=("$bare_db")
createdb "$bare_db"
# The first start of each migrates its empty database; that run is not timed.
jwt_keys

# ready NAME DIR JAVA [OPTIONS…]: starts DIR/quarkus-run.jar from DIR, waits for readiness, records the figures, stops it.
ready() {
  local name="$1" dir="$2" java_bin="$3" start ms cpu main_cpu rss
  shift 3
  port="$(free_port)"
  management_port="$(free_port)"
  start="$(date +%s%N)"
  if [ "$name" = bare ]; then
    (cd "$dir" && QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$bare_db" QUARKUS_DATASOURCE_USERNAME=postgres \
      QUARKUS_HTTP_PORT="$port" QUARKUS_MANAGEMENT_PORT="$management_port" exec "$java_bin" "$@" -jar quarkus-run.jar) >"$work/$name.log" 2>&1 &
  else
    (cd "$dir" && DATABASE_URL="$(url "$db")" JWT_PRIVATE_KEY_FILE="$work/private.pem" JWT_PUBLIC_KEY_FILE="$work/public.pem" \
      PORT="$port" MANAGEMENT_PORT="$management_port" SHUTDOWN_DELAY=0S exec "$java_bin" "$@" -jar quarkus-run.jar) >"$work/$name.log" 2>&1 &
  fi
  pid=$!
  await_ready "$name" "$work/$name.log"
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  cpu="$(awk '{ printf "%.2f", ($14 + $15) / 100 }' "/proc/$pid/stat")"
  # The JVM's main thread is the task named "java" other than the launcher's own first thread.
  main_cpu="$(for task in /proc/"$pid"/task/*; do [ "$task" != "/proc/$pid/task/$pid" ] && [ "$(cat "$task/comm")" = java ] \
    && awk '{ printf "%.2f", ($14 + $15) / 100 }' "$task/stat" && break; done)"
  rss="$(rss_mib)"
  stop_app
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$ms" "$cpu" "${main_cpu:--}" "$rss" >>"$work/runs.tsv"
  echo "$name: ready in $ms ms, CPU ${cpu} s (main thread ${main_cpu:--} s), RSS $rss MiB"
}

starts=(bare ours-17 ours-25)
[ -n "${BEFORE:-}" ] && starts+=(before)
start_one() {
  case "$1" in
    bare) ready bare "$bare_dir" "$jdk17" ;;
    ours-17) ready ours-17 "$jdk17_dir" "$jdk17" ;;
    # Word splitting of the README's options is intended: they are JVM flags without spaces.
    # shellcheck disable=SC2086
    ours-25) ready ours-25 "$app_dir" "$jdk25" $launch_options ;;
    before) ready before "$BEFORE" "$jdk17" ;;
  esac
}
for name in "${starts[@]}"; do start_one "$name" >/dev/null; done   # migrations and first-run effects, untimed
: >"$work/runs.tsv"
for run in $(seq 1 "$runs"); do
  for name in "${starts[@]}"; do start_one "$name"; done
done

echo
echo "JDK 25 launch line (README): java $launch_options -jar quarkus-run.jar"
printf '| start | ready ms (median of %s) | × bare | CPU s | main thread CPU s | RSS MiB | runs, ms |\n|---|---|---|---|---|---|---|\n' "$runs"
python3 - "$work/runs.tsv" "${starts[@]}" <<'PY'
import statistics, sys
rows = [line.split("\t") for line in open(sys.argv[1]).read().splitlines()]
median = lambda name, i: statistics.median(float(r[i]) for r in rows if r[0] == name and r[i] != "-")
bare = median("bare", 1)
for name in sys.argv[2:]:
    ms = median(name, 1)
    runs = ", ".join(r[1] for r in rows if r[0] == name)
    print(f"| {name} | {ms:.0f} | {ms / bare:.2f} | {median(name, 2):.2f} | {median(name, 3):.2f} | {median(name, 4):.0f} | {runs} |")
PY
