#!/usr/bin/env bash
# Where a start spends its time: one start of the service to readiness UP with JFR sampling every 5 ms (stacks
# of any depth) and class loading logged, then (1) the main thread's samples as a tree, Quarkus's start steps at
# its first levels, each line with the milliseconds sampled under it, and (2) the classes loaded before readiness
# per library, with where each came from (the AOT cache or a jar).
# Usage: bench/startup-profile.sh [17|25] [MIN_MS]   (default 25: README's JDK 25 launch line with the AOT cache;
# 17: plain `java -jar`; lines under MIN_MS, default 20, are left out). Needs ./mvnw package and PostgreSQL.
jdk="${1:-25}"
min_ms="${2:-20}"
source "$(dirname "$0")/lib.sh" profile
app_dir="$PWD/target/quarkus-app"
if [ "$jdk" = 25 ]; then
  java_bin="${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
  options="$(readme_launch_options)"
else
  java_bin="${JDK17_HOME:+$JDK17_HOME/bin/}java"
  options=""
fi
jfr_bin="$(dirname "$java_bin")/jfr"
"$jfr_bin" configure --input profile jdk.ExecutionSample#period=5ms --output "$work/sampling.jfc" >/dev/null
jwt_keys
DATABASE_URL="$(url "$db")" java -jar "$app_dir/quarkus-run.jar" migrate up >/dev/null   # the profile is of a start, not of migrating
management_port="$(free_port)"
# shellcheck disable=SC2086
(cd "$app_dir" && DATABASE_URL="$(url "$db")" JWT_PRIVATE_KEY_FILE="$work/private.pem" JWT_PUBLIC_KEY_FILE="$work/public.pem" PORT=0 \
  MANAGEMENT_PORT="$management_port" SHUTDOWN_DELAY=0S exec "$java_bin" $options "-Xlog:class+load=info:file=$work/classes.log:uptime" \
  -jar quarkus-run.jar) >"$work/app.log" 2>&1 &
pid=$!
# The recording starts through jcmd as soon as the JVM answers: JFR named on the command line adds the jdk.jfr
# module to the boot layer, which the AOT cache was not made with, so the JVM would start without its cache
# ("Mismatched values for property jdk.module.addmods") and the profile would be of another start.
jcmd_bin="$(dirname "$java_bin")/jcmd"
until "$jcmd_bin" "$pid" JFR.configure stackdepth=2048 >/dev/null 2>&1; do
  kill -0 "$pid" 2>/dev/null || { echo "the application exited"; tail -20 "$work/app.log"; exit 1; }
  sleep 0.02
done
"$jcmd_bin" "$pid" JFR.start name=start "settings=$work/sampling.jfc" >/dev/null
recording_from="$("$jcmd_bin" "$pid" VM.uptime | sed -n 's/^\([0-9.]*\) s$/\1/p')"
await_ready "the application" "$work/app.log"
"$jcmd_bin" "$pid" JFR.dump name=start filename="$work/start.jfr" >/dev/null
uptime_at_ready="$(tail -n 1 "$work/classes.log" | sed -E 's/^\[([0-9.]+)s\].*/\1/')"
stop_app
echo "JDK $jdk, options: ${options:-none}; samples from ${recording_from}s of JVM uptime (the recording's start), classes logged until ${uptime_at_ready}s"
"$jfr_bin" print --json --stack-depth 2048 --events jdk.ExecutionSample "$work/start.jfr" >"$work/samples.json"
python3 "$(dirname "$0")/py/startup_profile.py" "$work/samples.json" "$work/classes.log" "$min_ms"
